"""What officers write when a need moves on, and in PCPs and scenarios. Pure module."""
from __future__ import annotations

STATUS_COMMENTS = {
    "sv": {"in_review": "Klar för granskning.", "approved": "Godkänd efter granskning.",
           "returned": "Effektmåtten behöver bli tydligare.",
           "reopened": "Värdet behöver räknas om efter dialogen.",
           "in_procurement": "Upphandlingen är annonserad.",
           "contracted": "Avtal tecknat.", "closed": "Avtalet har löpt ut och följts upp."},
    "en": {"in_review": "Ready for review.", "approved": "Approved after review.",
           "returned": "The outcome measures need to be clearer.",
           "reopened": "The value must be recalculated after the dialogue.",
           "in_procurement": "The tender is published.",
           "contracted": "Contract signed.", "closed": "The contract has ended and been "
                                                     "followed up."},
}
WITHDRAW_REASONS = {
    "sv": ("Behovet har lösts inom befintliga avtal.",
           "Budgeten drogs in i årets prioriteringar.",
           "Behovet samordnas i stället i en gemensam upphandling.",
           "Verksamheten har omorganiserats och behovet finns inte längre."),
    "en": ("The need has been met within existing contracts.",
           "The budget was withdrawn in this year's priorities.",
           "The need is being met in a joint procurement instead.",
           "The service has been reorganised and the need no longer exists."),
}
# Per route, in both languages: why the officer chose it.
PROCEDURE_REASONS = {
    "pilot": {"sv": "En mindre pilot visar om lösningar på marknaden ger effekt hos oss.",
              "en": "A small pilot shows whether solutions on the market work for us."},
    "pcp": {"sv": "Ingen färdig lösning finns; flera angreppssätt bör prövas i konkurrens.",
            "en": "No ready solution exists; several approaches should be tried in "
                  "competition."},
    "innovation_partnership": {
        "sv": "Lösningen behöver utvecklas och staden vill köpa den när den fungerar.",
        "en": "The solution needs developing and the council wants to buy it once it "
              "works."},
    "competitive_dialogue": {
        "sv": "Behovet är komplext och lösningen behöver formas i dialog med anbudsgivarna.",
        "en": "The need is complex and the solution must be shaped with the tenderers."},
    "open_functional": {
        "sv": "Lösningar finns; funktionskrav ger leverantörerna utrymme att föreslå dem.",
        "en": "Solutions exist; functional requirements let suppliers propose them."},
}

CRITERIA = {
    "sv": ("Lösningens förmåga att nå effektmålen", "Genomförbarhet och plan",
           "Kostnad i förhållande till nytta", "Användarnas erfarenheter"),
    "en": ("Ability to reach the outcome targets", "Feasibility and plan",
           "Cost relative to benefit", "Users' experience"),
}
WEIGHTS = ((40, 35, 25), (50, 30, 20), (34, 33, 33), (60, 40), (30, 30, 20, 20))
DELIVERABLES = {
    1: {"sv": "Lösningsförslag och genomförbarhetsstudie.",
        "en": "Solution design and feasibility study."},
    2: {"sv": "Prototyp och test i labbmiljö.", "en": "Prototype tested in a lab."},
    3: {"sv": "Fälttest i verksamheten under ett år.",
        "en": "Field test in the service for a year."},
}
JUSTIFICATIONS = {
    "sv": ("Se utvärderingsprotokollet för fasen.", "Väl underbyggt förslag.",
           "Svag koppling till effektmålen.", "Tydlig plan men hög risk."),
    "en": ("See the evaluation record of the phase.", "A well-founded proposal.",
           "Weakly linked to the outcome targets.", "A clear plan but a high risk."),
}
GATE_REASONS = {
    "sv": "De leverantörer som fick högst sammanvägt betyg går vidare.",
    "en": "The suppliers with the highest weighted scores go on.",
}
TESTBED = {"sv": "Testbädd i {place}", "en": "Testbed in {place}"}
FOLLOW_ON = {"sv": "Upphandling av innovativ lösning: {title}",
             "en": "Procurement of the innovative solution: {title}"}

SCENARIO_NAMES = {
    "framework": {"sv": "Ramavtal {term}", "en": "Framework {term}"},
    "single": {"sv": "Enskilt kontrakt {term}", "en": "Single contract {term}"},
    "innovation_partnership": {"sv": "Innovationspartnerskap {term}",
                               "en": "Innovation partnership {term}"},
}
YEARS = {"sv": "år", "en": "years"}
CHOICE_JUSTIFICATION = {
    "sv": "Scenariot ger lägst kostnad över tidshorisonten och låter leverantören "
          "återbetala sin investering.",
    "en": "The scenario costs least over the horizon and lets the supplier pay back "
          "the investment."}
SPECIAL_REASONS = {
    "sv": "Leverantörens investering skrivs av på längre tid än fyra år.",
    "en": "The supplier's investment is depreciated over more than four years."}
