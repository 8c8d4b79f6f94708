"""What officers and suppliers write in generated market dialogues. Pure module (data).

Nothing here names a company: a consultation report must name none, and the
generated reports are made of these texts.
"""
from __future__ import annotations

TITLE_PREFIX = {
    "request_for_information": {"sv": "Förfrågan om information", "en": "Request for information"},
    "information_meeting": {"sv": "Informationsmöte", "en": "Information meeting"},
    "one_to_one": {"sv": "Enskilda möten", "en": "One-to-one meetings"},
}
QUESTIONS_TO_MARKET = {
    "sv": ("1. Vilka lösningar finns i dag eller är på väg?\n"
           "2. Vad behöver staden beskriva bättre i behovet?\n"
           "3. Hur lång tid behövs för att införa en lösning?",
           "1. Hur skulle ni mäta effekten av en lösning?\n"
           "2. Vilka risker ser ni i stadens förutsättningar?\n"
           "3. Hur kan mindre företag delta, ensamma eller tillsammans?",
           "1. Vilken avtalsform och avtalstid passar bäst?\n"
           "2. Vad kostar en lösning ungefär, i stora drag?\n"
           "3. Vilken information behöver ni från oss för att lämna anbud?"),
    "en": ("1. What solutions exist today or are on their way?\n"
           "2. What should the council describe better in the need?\n"
           "3. How long does introducing a solution take?",
           "1. How would you measure the effect of a solution?\n"
           "2. What risks do you see in the council's circumstances?\n"
           "3. How can smaller companies take part, alone or together?",
           "1. Which form and length of contract fit best?\n"
           "2. Roughly what does a solution cost?\n"
           "3. What information do you need from us to tender?"),
}
# (the supplier's question, the wording published to all, the answer)
QUESTIONS = {
    "sv": (
        ("Hur många enheter omfattas av behovet?",
         "Hur många enheter omfattas?",
         "Behovet omfattar i ett första steg ett tiotal enheter, därefter samtliga."),
        ("Finns det mätdata från i dag som vi kan ta del av?",
         "Finns mätdata om utgångsläget?",
         "Ja, underlaget publiceras som bilaga till dialogen inom en vecka."),
        ("Kan flera företag lämna gemensamma svar?",
         "Får företag svara tillsammans?",
         "Ja, gemensamma svar och underleverantörer är välkomna."),
        ("Vilken budget har staden avsatt?",
         "Finns en budget för upphandlingen?",
         "Ett uppskattat värde anges i behovsbeskrivningen; budgeten beslutas senare."),
        ("Ska befintliga system integreras?",
         "Behöver lösningen fungera med befintliga system?",
         "Lösningen bör kunna utbyta uppgifter i öppna format; inget system är givet."),
        ("När planeras upphandlingen?",
         "När planeras upphandlingen?",
         "Upphandlingen planeras att annonseras inom ett halvår efter dialogen."),
    ),
    "en": (
        ("How many units does the need cover?",
         "How many units are covered?",
         "At first about ten units, then all of them."),
        ("Is there current measurement data we can see?",
         "Is there data on the baseline?",
         "Yes, it will be published as an annex to the dialogue within a week."),
        ("May several companies answer jointly?",
         "May companies answer together?",
         "Yes, joint answers and subcontractors are welcome."),
        ("What budget has the council set aside?",
         "Is there a budget for the procurement?",
         "An estimated value is given in the need statement; the budget is set later."),
        ("Must existing systems be integrated?",
         "Must the solution work with existing systems?",
         "It should exchange data in open formats; no system is a given."),
        ("When is the tender planned?",
         "When is the tender planned?",
         "The tender is planned to be published within six months of the dialogue."),
    ),
}
INFORMATION = {
    "sv": ("Presentationen från informationsmötet finns nu som bilaga.",
           "Svarstiden för skriftliga synpunkter har förlängts med en vecka.",
           "Staden har lagt till ett underlag om dagens volymer.",
           "Vid mötena framkom att pilotperioden bör vara minst ett år; staden tar med det."),
    "en": ("The slides from the information meeting are now attached.",
           "The deadline for written input has been extended by a week.",
           "The council has added figures on today's volumes.",
           "The meetings showed that the pilot should last at least a year; the council "
           "takes that on board."),
}
MINUTES = {
    "sv": ("Företaget beskrev sin syn på behovet och ställde frågor om volymer.",
           "Vi gick igenom utgångsläget och hur effekten kan mätas.",
           "Företaget pekade på att pilotperioden behöver vara längre än planerat.",
           "Samtalet handlade om avtalstid och hur investeringar kan återbetalas."),
    "en": ("The company described its view of the need and asked about volumes.",
           "We went through the baseline and how the effect can be measured.",
           "The company pointed out that the pilot needs to be longer than planned.",
           "We discussed the contract term and how investments can be paid back."),
}
LESSONS = {
    "sv": ("Marknaden bekräftade behovet och flera angreppssätt finns. Effektmåtten "
           "behöver förtydligas innan upphandlingen.",
           "Dialogen visade att mindre företag vill delta om kraven delas upp. Staden "
           "överväger att dela upphandlingen i flera delar.",
           "Leverantörerna efterfrågade en längre avtalstid för att kunna investera. "
           "Avtalstiden ses över i scenarioanalysen."),
    "en": ("The market confirmed the need and several approaches exist. The outcome "
           "measures need to be clearer before the tender.",
           "The dialogue showed that smaller companies will take part if requirements "
           "are split. The council is considering lots.",
           "Suppliers asked for a longer contract term to be able to invest. The term "
           "is being reviewed in the scenario analysis."),
}
INPUT_ANSWERS = {
    "sv": ("1. Vi har prövat liknande lösningar i två andra verksamheter.\n"
           "2. Effekten bör mätas före och efter under minst ett år.\n"
           "3. Ett införande tar cirka sex månader.",
           "1. Flera lösningar finns, men ingen är beprövad i svensk offentlig sektor.\n"
           "2. Beskriv gärna dagens volymer tydligare.\n"
           "3. Vi rekommenderar en pilot innan full drift.",
           "1. Ett ramavtal på fyra år räcker inte för att återbetala investeringen.\n"
           "2. Dela gärna upphandlingen i delområden.\n"
           "3. Vi svarar gärna tillsammans med en underleverantör."),
    "en": ("1. We have tried similar solutions in two other services.\n"
           "2. The effect should be measured before and after for at least a year.\n"
           "3. Introduction takes about six months.",
           "1. Several solutions exist, but none is proven in the Swedish public sector.\n"
           "2. Please describe today's volumes more clearly.\n"
           "3. We recommend a pilot before full operation.",
           "1. A four-year framework is too short to pay back the investment.\n"
           "2. Please consider dividing the tender into lots.\n"
           "3. We would like to answer together with a subcontractor."),
}
SECRET_PARTS = {"sv": "Avsnitt 1 om våra referenskunder och priser.",
                "en": "Section 1 on our reference customers and prices."}
SECRET_HARM = {"sv": "Uppgifterna skulle ge konkurrenter insyn i vår prissättning.",
               "en": "The information would show competitors how we price."}
