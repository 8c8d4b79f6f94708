"""A realistic, roughly ten-page Swedish need statement for benchmarks and tests.

Food waste in the city's pre-school kitchens: a problem-based need with outcomes,
requirements, CPV codes and the extra sections later features add (market dialogue
summary, PCP plan, contract-length scenario).
"""
from __future__ import annotations

from datetime import date

from procure.needs.document import CpvCode, ExtraSection, NeedDocument, Outcome, Requirement

BACKGROUND = """\
Staden serverar varje skoldag omkring 62 000 måltider i 610 kommunala förskolor. Måltiderna lagas i 240 tillagningskök och 370 mottagningskök, där maten levereras varm eller kyld och portioneras på plats. Förskolans måltider är en del av den pedagogiska verksamheten: barnen ska få god, näringsriktig mat i en lugn miljö, och måltiden ska bidra till att barnen utvecklar goda matvanor.

Stadens livsmedelsstrategi och miljöprogram 2024–2030 anger att matsvinnet i stadens verksamheter ska halveras till 2030 jämfört med 2020. Uppföljningen 2025 visade att förskolorna har kommit kortast: svinnet har minskat med 9 procent sedan basåret, jämfört med 31 procent i grundskolan. Skillnaden beror enligt förvaltningarnas egen analys inte på bristande vilja utan på att förskolan saknar verktyg för att planera måltider efter den faktiska närvaron, som varierar kraftigt från dag till dag.

Staden har under 2025 genomfört en behovsanalys tillsammans med fjorton förskoleenheter, kostenheten och miljöförvaltningen. Analysen omfattade intervjuer med 46 medarbetare (kockar, måltidsbiträden, förskollärare och rektorer), observationer av 120 måltider och vägning av svinn under sex veckor. Resultatet är den problembeskrivning som följer. Staden vill nu pröva om marknaden kan erbjuda nya lösningar som angriper problemet i dess helhet, och inte bara delar av det.

Behovsbeskrivningen är medvetet funktionell. Den beskriver vilka effekter staden vill uppnå och vilka krav som följer av verksamhetens förutsättningar, men inte hur lösningen ska vara utformad. Staden välkomnar lösningar som kombinerar teknik, tjänster, arbetssätt och logistik på nya sätt, och ser gärna att mindre och nya leverantörer deltar, själva eller i samverkan med andra.

Arbetet hänger samman med flera av stadens pågående satsningar. Kostenheten inför under 2026 en ny gemensam menycykel för förskolan, med fler vegetariska rätter och färre råvaror med hög klimatpåverkan. Stadens innovationsstrategi pekar ut upphandling som ett av de viktigaste verktygen för att få fram nya lösningar, och stadens egen kartläggning visar att det svåra sällan är själva anbudsförfarandet utan att beskriva problemet så att marknaden kan föreslå lösningar. Denna behovsbeskrivning är ett försök att göra just det.

Förvaltningen har också tagit del av erfarenheter från andra kommuner och från europeiska projekt om minskat matsvinn i offentliga kök. Erfarenheterna visar att mätning ensam sällan räcker; effekten kommer när mätresultaten används i planering, beställning och i dialogen med barnen. De visar också att personalens delaktighet i utformningen är avgörande för att ett nytt arbetssätt ska bestå efter projekttiden."""

PROBLEM = """\
Förskolorna lagar och beställer mat efter det inskrivna antalet barn, inte efter hur många som faktiskt är på plats. Närvaron varierar mellan 68 och 94 procent beroende på veckodag, säsong och sjukdomsläge, och den är sällan känd förrän samma morgon. Tillagningsköken måste dock beställa råvaror två till fem dagar i förväg, och mottagningsköken beställer portioner dagen innan. Följden blir att det lagas mat för barn som inte är där.

Till detta kommer svinn på tallriken och i serveringen. Små barn äter oregelbundet och i varierande mängd; portionerna läggs ofta upp av vuxna efter en generell norm. Maträtter som barnen inte känner igen eller som serveras på ett sätt som inte passar de yngsta barnen blir kvar. Personalen saknar återkoppling om vad som faktiskt äts, eftersom svinnet sällan mäts och aldrig kopplas till menyn.

Problemet berör flera grupper. Barnen påverkas när mat som de tycker om tar slut medan annan mat slängs, och när måltidssituationen blir stressig. Kockar och måltidsbiträden lägger tid på att laga, hantera och kasta överbliven mat, och upplever att deras arbete inte värdesätts. Förskollärare och rektorer ansvarar för måltidens pedagogiska del men har inte underlag för att påverka den. Vårdnadshavare efterfrågar information om vad barnen äter. Staden som helhet bär kostnaden för råvaror, energi och avfallshantering, och missar sina miljömål.

Problemet är inte ett enskilt tekniskt problem. Det uppstår i kedjan mellan närvaroregistrering, beställning, tillagning, portionering, servering och återkoppling. Tidigare försök med enskilda verktyg, till exempel vågar för svinnmätning, har gett tillfälliga förbättringar men inte bestående resultat, eftersom informationen inte nått dem som planerar menyn och beställer råvarorna.

Det finns även skillnader mellan förskolor som förstärker problemet. I områden med högre frånvaro, till exempel under perioder med många resor under skollov, är svinnet per portion nästan dubbelt så stort som i områden med stabil närvaro. Förskolor med egna tillagningskök har större möjlighet att justera mängderna samma dag, medan mottagningskök är helt beroende av gårdagens beställning. En lösning måste därför fungera för båda typerna av kök och för förskolor med mycket olika förutsättningar."""

CURRENT_SITUATION = """\
Under mätperioden hösten 2025 var det genomsnittliga matsvinnet 58 gram per serverad portion, varav 21 gram kökssvinn, 19 gram serveringssvinn och 18 gram tallrikssvinn. Omräknat på ett helt år motsvarar det omkring 640 ton mat, eller ungefär 1,1 miljoner måltider. Råvarukostnaden för den mat som slängs uppskattas till 23 miljoner kronor per år. Därtill kommer personalkostnader för tillagning och hantering, energi för tillagning och kyla samt avgifter för insamling av matavfall, sammantaget omkring 9 miljoner kronor per år.

Klimatpåverkan från det svinnade livsmedlet beräknas till cirka 1 300 ton koldioxidekvivalenter per år, med stadens schablonvärden för förskolans menyer. Det motsvarar ungefär tolv procent av förskolornas samlade klimatpåverkan från livsmedel.

Närvaron registreras i dag i stadens system för förskoleadministration, men uppgifterna används inte i måltidsplaneringen. Beställningar görs via ett e-handelssystem för livsmedel, menyer planeras i ett separat kostdatasystem, och svinnmätning görs, där den görs alls, för hand på papper. Det finns inga gränssnitt mellan systemen. Kökspersonalen uppger att de lägger i genomsnitt 35 minuter per dag på att uppskatta antal portioner och justera beställningar.

Förvaltningen har också frågat personalen hur de upplever dagens arbetssätt. Av de 46 intervjuade uppgav 39 att de regelbundet lagar mer mat än de tror behövs, eftersom det upplevs som värre att maten tar slut än att den blir över. Flera beskrev att de saknar stöd från systemen och att beställningen bygger på erfarenhet och magkänsla. Rektorerna efterfrågade underlag för att kunna följa upp måltiden på samma sätt som andra delar av verksamheten, men ingen av de fjorton enheterna hade i dag någon sådan uppföljning.

Sammanfattningsvis kostar dagens situation staden omkring 32 miljoner kronor per år i direkta kostnader, binder personaltid som behövs i den pedagogiska måltiden och försvårar att nå stadens mål för klimat och hushållning med resurser."""

CONSTRAINTS = """\
Lösningen ska kunna användas i samtliga kök oavsett storlek, utrustning och uppkoppling, och ska fungera även när nätverket tillfälligt inte är tillgängligt. Många mottagningskök har begränsat utrymme och saknar fast dator.

Personuppgifter om barn får behandlas endast i den utsträckning som är nödvändig. Närvarodata får användas på aggregerad nivå per avdelning; uppgifter om enskilda barns kost eller hälsa, såsom specialkost av medicinska skäl, omfattas av sekretess enligt offentlighets- och sekretesslagen och ska hanteras i enlighet med dataskyddsförordningen. Personuppgifter ska behandlas inom EU/EES.

Lösningen ska kunna utbyta data med stadens befintliga system för närvaro, beställning och kostdata genom dokumenterade och öppna gränssnitt. Staden ska äga de data som uppstår i lösningen och kunna exportera dem i ett öppet, maskinläsbart format när avtalet upphör.

Gränssnitt som personal och vårdnadshavare använder ska uppfylla kraven i lagen om tillgänglighet till digital offentlig service, det vill säga EN 301 549 (WCAG 2.1 nivå AA), och finnas på svenska. Lösningen får inte förutsätta att personalen har avancerade digitala färdigheter.

Stadens budget för hela åtagandet, inklusive samtliga faser, optioner och förlängningar, uppgår till högst 14 miljoner kronor. Lösningen ska inte kräva ombyggnad av kök. Livsmedelshygieniska krav enligt EU:s livsmedelslagstiftning och Livsmedelsverkets vägledningar ska följas."""

ECOLOGICAL = """\
Målet är att halvera matsvinnet per serverad portion till 2030, vilket motsvarar en minskning av klimatpåverkan med omkring 650 ton koldioxidekvivalenter per år. Lösningen ska i sig ha låg miljöpåverkan: hårdvara ska vara reparerbar och ha en lång förväntad livslängd, förbrukningsmaterial ska minimeras, och energiförbrukningen ska redovisas. Leverantören uppmanas att beskriva hur uttjänt utrustning tas om hand och återvinns.

Lösningen bör också bidra till att den mat som ändå blir över tas till vara, till exempel genom planering som möjliggör att överbliven mat serveras vid mellanmålet, inom ramen för gällande livsmedelshygieniska regler."""

SOCIAL = """\
Måltiden ska vara en lugn och trygg stund för barnen, och minskat svinn får aldrig ske på bekostnad av att barn blir utan mat eller får mindre näringsriktig mat. Lösningen ska stödja barnens delaktighet i måltiden, till exempel genom att de yngsta barnen får lägga upp maten själva, och ska fungera för barn med specialkost.

Kockar och måltidsbiträden ska få mer tid för matlagning och för den pedagogiska måltiden, och mindre tid för administration. Staden ser gärna att lösningen bidrar till meningsfulla arbetsuppgifter och kompetensutveckling för måltidspersonalen. Leverantören ska följa stadens uppförandekod för leverantörer, inklusive krav på villkor i leverantörskedjan enligt ILO:s kärnkonventioner."""

TIMELINE = """\
Marknadsdialog: mars–april 2026, med informationsmöte den 12 mars och enskilda möten under veckorna 13–15. Frågor kan ställas till och med den 17 april 2026.

Annonsering av upphandlingen: juni 2026. Sista dag för anbud: september 2026.

Fas 1, lösningsdesign: november 2026–april 2027. Fas 2, prototyper i fem förskolor: maj 2027–december 2027. Fas 3, utveckling och fälttest i minst 40 förskolor: januari 2028–december 2028.

Efter varje fas finns en utvärderingsperiod om sex veckor. Resultaten från varje fas redovisas för förskolenämnden, och de förskolor som deltar informerar vårdnadshavare innan prototyper eller fälttest startar.

Uppföljning av effekterna efter fas 3: våren 2029, inför en eventuell upphandling av den färdiga lösningen för hela staden."""

PROCEDURE_REASON = """\
Marknadsdialogen visade att det i dag inte finns någon färdig lösning som hanterar hela kedjan från närvaro till återkoppling. Flera leverantörer har delar av en lösning, och ett par forskargrupper arbetar med prognoser för närvaro och ätbeteende, men ingen har prövat helheten i en verksamhet av stadens storlek.

Förkommersiell upphandling gör det möjligt att låta flera leverantörer utveckla och pröva konkurrerande lösningar i faser, med stegvis urval, innan staden binder sig vid en viss lösning. Staden behåller inte alla resultat för egen räkning: leverantörerna behåller de immateriella rättigheterna, och staden får nyttjanderätt samt rätt att sprida resultatrapporter. Därmed omfattas upphandlingen av undantaget för forsknings- och utvecklingstjänster i 3 kap. 23 § LOU (artikel 14 i direktiv 2014/24/EU). Varor som ingår i fältprovet understiger hälften av kontraktets värde. Trots undantaget annonseras upphandlingen öppet i TED, eftersom värdet vida överstiger EU:s tröskelvärde för kommuner (216 000 €) och staden vill nå leverantörer i hela EU.

En innovationspartnerskap övervägdes men bedömdes som mindre lämpligt, eftersom staden vill behålla möjligheten att efter fas 3 upphandla den färdiga lösningen i konkurrens, öppen för alla leverantörer."""

OUTCOMES = (
    Outcome("Minskat totalt matsvinn per serverad portion", "Gram svinn per portion (kök, servering, tallrik)",
            "58 g (hösten 2025)", "29 g", "2030"),
    Outcome("Minskat kökssvinn genom beställning efter faktisk närvaro", "Gram kökssvinn per portion",
            "21 g", "8 g", "2028"),
    Outcome("Bättre träffsäkerhet i planerat antal portioner", "Avvikelse mellan planerade och serverade portioner",
            "18 %", "högst 5 %", "2028"),
    Outcome("Mindre tid för administration i köken", "Minuter per kök och dag för beställning och justering",
            "35 min", "15 min", "2028"),
    Outcome("Bevarad eller förbättrad måltidsupplevelse för barnen", "Andel avdelningar som i enkät bedömer måltiden som lugn",
            "71 %", "minst 80 %", "2029"),
    Outcome("Återkoppling om svinn når den som planerar menyn", "Andel kök med veckovis svinnrapport kopplad till menyn",
            "3 %", "100 %", "2029"),
    Outcome("Minskad klimatpåverkan från livsmedel", "Ton CO₂e från svinnat livsmedel per år",
            "1 300 t", "650 t", "2030"),
    Outcome("Lägre kostnad för råvaror som slängs", "Kronor per år för svinnade råvaror",
            "23 mnkr", "12 mnkr", "2030"),
)

REQUIREMENTS = (
    Requirement("Lösningen ska ge köket ett underlag för antal portioner per avdelning och måltid som bygger på förväntad närvaro.", True, (2, 3)),
    Requirement("Underlaget ska finnas tillgängligt i tid för respektive köks beställningsrutiner, även vid beställning fem dagar i förväg.", True, (2, 3)),
    Requirement("Lösningen ska kunna ta emot närvarodata på avdelningsnivå från stadens system för förskoleadministration.", True, (2, 3, 4)),
    Requirement("Lösningen ska kunna lämna beställningsunderlag till stadens e-handelssystem för livsmedel utan manuell överföring.", True, (4,)),
    Requirement("Lösningen ska göra det möjligt att mäta svinn uppdelat på kökssvinn, serveringssvinn och tallrikssvinn.", True, (1, 6)),
    Requirement("Mätningen av svinn ska ta högst två minuter per måltid och avdelning för personalen.", True, (4, 6)),
    Requirement("Lösningen ska sammanställa svinnet per maträtt och vecka och återkoppla det till den som planerar menyn.", True, (1, 6)),
    Requirement("Lösningen ska fungera i kök utan fast nätverksanslutning och synkronisera data när anslutning finns.", True, (2, 4)),
    Requirement("Lösningen ska hantera specialkost utan att uppgifter om enskilda barns hälsa blir synliga för obehöriga.", True, (5,)),
    Requirement("Gränssnitt för personal ska uppfylla EN 301 549 (WCAG 2.1 AA) och finnas på svenska.", True, (4, 5)),
    Requirement("Staden ska kunna exportera alla data i lösningen i ett öppet, maskinläsbart format.", True, (6,)),
    Requirement("Lösningen bör stödja att barnen själva lägger upp maten, till exempel genom anpassade portionsstorlekar.", False, (1, 5)),
    Requirement("Lösningen bör föreslå hur överbliven mat kan tas till vara inom gällande hygienregler.", False, (1, 7, 8)),
    Requirement("Lösningen bör redovisa klimatpåverkan från svinnet per kök och månad.", False, (7,)),
    Requirement("Lösningen bör ge vårdnadshavare information om veckans meny och vad som serverats.", False, (5,)),
    Requirement("Lösningen bör kunna användas även av stadens skolor och äldreboenden efter anpassning.", False, (1, 8)),
    Requirement("Hårdvara som ingår bör kunna repareras på plats och ha en förväntad livslängd på minst åtta år.", False, (7,)),
    Requirement("Lösningen bör ge rektor en månatlig sammanställning av måltidens utfall per enhet.", False, (5, 6)),
    Requirement("Lösningen ska kunna användas av personal utan särskild utbildning efter en introduktion om högst en timme.", True, (4,)),
    Requirement("Leverantören ska erbjuda support på svenska under förskolans öppettider.", True, (4,)),
    Requirement("Lösningen ska logga vem som har ändrat ett beställningsunderlag och när.", True, (3,)),
    Requirement("Lösningen bör kunna ta hänsyn till kända händelser som påverkar närvaron, till exempel utflykter, planeringsdagar och lov.", False, (2, 3)),
    Requirement("Lösningen bör kunna visa svinnet med bilder och symboler så att den kan förstås oberoende av språk.", False, (4, 6)),
    Requirement("Lösningen bör kunna användas för att samtala med barnen om mat och svinn på ett sätt som passar deras ålder.", False, (1, 5)),
)

DIALOGUE = ExtraSection(
    key="market_dialogue",
    title="Sammanfattning av marknadsdialogen",
    paragraphs=(
        "Marknadsdialogen pågick mellan den 2 mars och den 17 april 2026. Ett informationsmöte hölls digitalt med 64 deltagare från 41 organisationer. Därefter genomfördes 18 enskilda möten om 45 minuter vardera, och 23 skriftliga inspel kom in. Av de organisationer som deltog var 29 små eller medelstora företag, fyra var universitet eller forskningsinstitut och två var ideella organisationer.",
        "Samtliga frågor och svar har publicerats för alla registrerade leverantörer utan uppgift om frågeställaren. Minnesanteckningar fördes vid varje enskilt möte, och det som framkom av betydelse för upphandlingen har publicerats i sammanfattad form.",
        "Dialogen visade att prognoser för närvaro på avdelningsnivå är möjliga med rimlig träffsäkerhet, att svinnmätning behöver vara snabb för att användas i vardagen och att gränssnitten mot stadens system är den största osäkerheten. Flera leverantörer efterfrågade en längre avtalstid för att kunna räkna hem investeringar i hårdvara.",
    ),
    table=(
        ("Fråga", "Svar i korthet"),
        ("Kan leverantörer få tillgång till historiska närvarodata?", "Ja, aggregerade och avidentifierade data per avdelning för 2023–2025 lämnas i fas 1."),
        ("Får lösningen kräva ny utrustning i köken?", "Ja, om den ryms i befintliga kök utan ombyggnad och kostnaden redovisas."),
        ("Hur bedöms anbud i fas 1?", "Utifrån lösningsidéns potential att uppnå effekterna, genomförbarhet och pris."),
        ("Kan flera företag lämna gemensamt anbud?", "Ja, samverkan och underleverantörer är välkomna."),
        ("Vem äger resultaten?", "Leverantören behåller rättigheterna; staden får nyttjanderätt och rätt att sprida resultatrapporter."),
        ("Finns det krav på viss teknik för mätning av svinn?", "Nej, kraven är funktionella; vågar, bildanalys eller manuella metoder kan alla vara aktuella."),
        ("Hur många förskolor deltar i fas 2 och fas 3?", "Fem förskolor i fas 2 och minst 40 i fas 3, med en blandning av tillagnings- och mottagningskök."),
        ("Ersätts leverantörerna för arbetet i fas 1?", "Ja, varje leverantör i fas 1 får ett fast belopp om högst 400 000 kr."),
        ("Kan staden lämna ut uppgifter som en leverantör har markerat som affärshemlighet?", "Staden prövar sekretess i varje enskilt fall enligt offentlighets- och sekretesslagen och kan inte lova sekretess i förväg."),
        ("Ingår upphandlingen av den färdiga lösningen?", "Nej, den upphandlas separat och öppen för alla leverantörer efter fas 3."),
    ),
)

PCP_PLAN = ExtraSection(
    key="pcp_plan",
    title="Plan för förkommersiell upphandling",
    paragraphs=(
        "Upphandlingen genomförs i tre konkurrerande faser efter en förberedande fas. Efter varje fas utvärderar staden resultaten och väljer ut vilka leverantörer som går vidare; endast leverantörer från föregående fas kan delta i nästa. Ingen leverantör går vidare förrän samtliga utvärderingar är klara. Utvärderarna lämnar jävsdeklaration före varje utvärdering.",
        "Minst två leverantörer ska nå fas 3 för att konkurrensen ska bestå inför den efterföljande upphandlingen av den färdiga lösningen.",
        "I fas 1 bedöms lösningsidéerna utifrån deras potential att uppnå de önskade effekterna, hur realistisk genomförandeplanen är och hur väl lösningen passar förskolans vardag. I fas 2 bedöms prototyperna utifrån uppmätt effekt på svinnet i de fem förskolorna, personalens och barnens erfarenheter samt kostnaden för att införa lösningen i större skala. I fas 3 bedöms resultaten från fälttestet mot samtliga effektmål i avsnitt 4.",
        "Varje fas avslutas med en rapport som leverantören lämnar och som staden publicerar i sammanfattad form, utan uppgifter som leverantören har markerat som affärshemligheter och som staden efter prövning bedömer omfattas av sekretess. Staden följer upp att varor i fältprovet understiger hälften av kontraktets värde.",
        "Förskolorna som deltar i fas 2 och fas 3 väljs så att de tillsammans speglar stadens förskolor: tillagnings- och mottagningskök, stora och små enheter, och områden med olika socioekonomiska förutsättningar. Personal i de deltagande förskolorna får tid avsatt för att medverka i utvecklingsarbetet.",
    ),
    table=(
        ("Fas", "Innehåll", "Leverantörer", "Längd", "Budget"),
        ("0", "Förberedelse, marknadsdialog, annonsering", "–", "7 mån", "0,4 mnkr"),
        ("1", "Lösningsdesign", "6", "6 mån", "2,4 mnkr"),
        ("2", "Prototyper i fem förskolor", "4", "8 mån", "4,0 mnkr"),
        ("3", "Utveckling och fälttest i minst 40 förskolor", "2", "12 mån", "6,2 mnkr"),
    ),
)

SCENARIO = ExtraSection(
    key="contract_length",
    title="Scenario för avtalslängd",
    paragraphs=(
        "Staden har jämfört en avtalstid om fyra år med en avtalstid om sex år för den efterföljande upphandlingen av den färdiga lösningen. Beräkningen bygger på en diskonteringsränta om 3 procent och leverantörernas uppgifter om investeringsbehov från marknadsdialogen.",
        "Ett längre avtal sänker stadens diskonterade kostnad något och låter leverantören räkna hem investeringen inom avtalstiden, men minskar antalet tillfällen då marknaden prövas. Om ett ramavtal längre än fyra år väljs ska de särskilda skälen dokumenteras enligt 7 kap. 2 § LOU.",
        "Känslighetsanalysen visar att slutsatsen håller om diskonteringsräntan ligger mellan 2 och 5 procent, men att fördelen med ett längre avtal försvinner om leverantörens investering kan skrivas av på kortare tid än fyra år. Beslutet om avtalstid fattas därför först när resultaten från fas 3 är kända.",
    ),
    table=(
        ("Scenario", "Stadens diskonterade kostnad", "Leverantörens återbetalningstid", "Upphandlingar på 12 år"),
        ("4 år", "31,8 mnkr", "4,6 år", "3"),
        ("6 år", "30,2 mnkr", "3,9 år", "2"),
    ),
)


def sample_need(**changes) -> NeedDocument:
    """The ten-page sample statement; keyword arguments replace fields."""
    fields = dict(
        reference="UTB 2026/0142",
        title="Minskat matsvinn i förskolans måltider",
        language="sv",
        department="Utbildningsförvaltningen, avdelningen för förskola",
        officer="Åsa Öberg",
        version=3,
        status="draft",
        issued=date(2026, 3, 5),
        background=BACKGROUND,
        problem=PROBLEM,
        current_situation=CURRENT_SITUATION,
        outcomes=OUTCOMES,
        requirements=REQUIREMENTS,
        constraints=CONSTRAINTS,
        sustainability_ecological=ECOLOGICAL,
        sustainability_social=SOCIAL,
        cpv_main=CpvCode("73000000", "Forsknings- och utvecklingstjänster samt tillhörande konsulttjänster"),
        cpv_additional=(
            CpvCode("72212000", "Programmeringstjänster för tillämpningsprogram"),
            CpvCode("90513000", "Behandling och bortskaffande av icke-farligt avfall och skräp"),
            CpvCode("55524000", "Skolmåltider"),
        ),
        estimated_value_sek=13_000_000,
        timeline=TIMELINE,
        procedure="Förkommersiell upphandling",
        procedure_reason=PROCEDURE_REASON,
        extra_sections=(DIALOGUE, PCP_PLAN, SCENARIO),
    )
    fields.update(changes)
    return NeedDocument(**fields)
