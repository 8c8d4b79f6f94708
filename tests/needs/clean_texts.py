"""Clean, problem-based need statements in Swedish and English.

Each constant describes one need in one language with the fields of
:class:`procure.needs.document.NeedDocument` as plain data: strings, outcomes as dicts
with the fields of ``Outcome``, requirements as dicts with the fields of
``Requirement``. The need-language checker must find nothing in them (see
``test_language_check.py``), so they double as the demo data's good examples.

Some sentences are there on purpose to keep the checker honest: lower-case "windows",
"Windows" at the start of a sentence, tree "sap", a Swedish "team", "shall use at least
30 % less energy", "ska bygga på de nationella riktlinjerna".
"""

SV_FOOD_WASTE = {
    "title": "Mindre matsvinn i förskolornas kök",
    "background": (
        "Stadens förskolor serverar varje dag lunch och mellanmål till omkring 30 000 "
        "barn. Maten lagas i cirka 300 tillagningskök och mottagningskök. Staden har "
        "som mål att halvera matsvinnet till 2030, och förskolorna står för en stor del "
        "av stadens offentliga måltider."),
    "problem": (
        "En betydande del av maten som lagas i förskolorna slängs. Det beror bland annat "
        "på att antalet barn som äter varierar från dag till dag, att frånvaro blir känd "
        "sent och att portionerna är svåra att anpassa efter små barns aptit. Svinnet "
        "kostar pengar, ger onödiga klimatutsläpp och tar tid från kökspersonalen, som "
        "saknar ett enkelt sätt att se hur mycket som blir över och varför."),
    "current_situation": (
        "I dag väger ett fåtal kök sitt svinn under två veckor per år. Mätningarna visar "
        "att omkring en fjärdedel av den tillagade maten inte äts upp. Kökspersonalen "
        "planerar efter erfarenhet och efter närvarolistor som ofta är inaktuella när "
        "beställningen görs. Kostnaden för svinnet uppskattas till 25 miljoner kronor "
        "per år."),
    "outcomes": (
        {"description": "Mindre mat slängs i förskolornas kök.",
         "indicator": "Andel av den tillagade maten som slängs, mätt i vikt",
         "baseline": "25 procent (mätning hösten 2025)",
         "target": "Högst 12 procent",
         "when": "Inom två år efter start"},
        {"description": "Kökspersonalen vet i god tid hur många barn som äter.",
         "indicator": "Andel dagar då planerat antal portioner avviker högst 10 procent "
                      "från det faktiska",
         "baseline": "Okänt, uppskattat till hälften av dagarna",
         "target": "Minst 85 procent av dagarna",
         "when": "Inom ett år efter start"},
        {"description": "Barnen äter sig mätta på en näringsriktig måltid.",
         "indicator": "Andel måltider som följer Livsmedelsverkets råd för förskolan",
         "baseline": "90 procent",
         "target": "Minst 90 procent",
         "when": "Under hela avtalstiden"},
    ),
    "requirements": (
        {"text": "Kökspersonalen ska veta hur många portioner som behövs senast klockan "
                 "9 samma dag.", "must": True, "outcomes": (2,)},
        {"text": "Det ska gå att se hur mycket mat som slängs per kök och vecka, uppdelat "
                 "på tallrikssvinn, serveringssvinn och kökssvinn.",
         "must": True, "outcomes": (1,)},
        {"text": "Lösningen bör kunna användas av personal utan särskild utbildning och "
                 "av personer med lässvårigheter.", "must": False, "outcomes": (1, 2)},
        {"text": "Åtgärderna får inte minska barnens möjlighet att äta sig mätta.",
         "must": True, "outcomes": (3,)},
    ),
    "constraints": (
        "Uppgifter om enskilda barns närvaro är personuppgifter och ska behandlas enligt "
        "dataskyddsförordningen. Lösningen måste fungera i både tillagningskök och "
        "mottagningskök och i lokaler med begränsat utrymme. Budgeten för genomförandet "
        "är högst 4 miljoner kronor."),
    "sustainability_ecological": (
        "Minskat matsvinn sänker klimatpåverkan från stadens måltider. Målet är en "
        "minskning med minst 200 ton koldioxidekvivalenter per år."),
    "sustainability_social": (
        "Barnen ska få en lugn måltid med mat de tycker om. Kökspersonalens arbetsmiljö "
        "ska bli bättre genom mindre stress vid planering och beställning."),
    "timeline": (
        "Marknadsdialog under våren 2026, upphandling under hösten 2026 och test i tio "
        "förskolor från januari 2027. Breddning till alla förskolor under 2028."),
}

EN_FOOD_WASTE = {
    "title": "Less food waste in pre-school kitchens",
    "background": (
        "The city's pre-schools serve lunch and snacks to about 30,000 children every "
        "day. The food is prepared in some 300 cooking and serving kitchens. The city "
        "aims to halve food waste by 2030, and pre-schools account for a large share of "
        "the city's public meals."),
    "problem": (
        "A considerable part of the food cooked in pre-schools is thrown away. One "
        "reason is that the number of children eating varies from day to day, absences "
        "become known late, and portions are hard to match to small children's "
        "appetites. The waste costs money, causes needless emissions and takes time "
        "from kitchen staff, who have no simple way of seeing how much is left over and "
        "why it happens."),
    "current_situation": (
        "Today a few kitchens weigh their waste for two weeks a year. The measurements "
        "show that about a quarter of the food cooked is not eaten. Kitchen staff plan "
        "from experience and from attendance lists that are often out of date when the "
        "order is placed. The waste is estimated to cost SEK 25 million a year."),
    "outcomes": (
        {"description": "Less food is thrown away in pre-school kitchens.",
         "indicator": "Share of cooked food thrown away, by weight",
         "baseline": "25 per cent (autumn 2025 measurement)",
         "target": "At most 12 per cent",
         "when": "Within two years of the start"},
        {"description": "Kitchen staff know in good time how many children will eat.",
         "indicator": "Share of days on which the planned number of portions is within "
                      "10 per cent of the actual number",
         "baseline": "Unknown, estimated at half of all days",
         "target": "At least 85 per cent of days",
         "when": "Within one year of the start"},
        {"description": "Children eat their fill of a nutritious meal.",
         "indicator": "Share of meals that follow the Swedish Food Agency's advice for "
                      "pre-schools",
         "baseline": "90 per cent",
         "target": "At least 90 per cent",
         "when": "Throughout the contract"},
    ),
    "requirements": (
        {"text": "Kitchen staff shall know how many portions are needed by 9 a.m. on the "
                 "same day.", "must": True, "outcomes": (2,)},
        {"text": "It shall be possible to see how much food is thrown away per kitchen "
                 "and week, split into plate, serving and kitchen waste.",
         "must": True, "outcomes": (1,)},
        {"text": "Staff without special training and people with reading difficulties "
                 "should be able to work with the solution.",
         "must": False, "outcomes": (1, 2)},
        {"text": "No measure may reduce the children's chance to eat their fill.",
         "must": True, "outcomes": (3,)},
    ),
    "constraints": (
        "Data on individual children's attendance are personal data and must be "
        "processed under the General Data Protection Regulation. The solution must work "
        "in both cooking and serving kitchens and in premises with little space. The "
        "budget is at most SEK 4 million."),
    "sustainability_ecological": (
        "Less food waste lowers the climate impact of the city's meals. The goal is a "
        "reduction of at least 200 tonnes of carbon dioxide equivalent a year."),
    "sustainability_social": (
        "Children should have a calm meal with food they like. Kitchen staff's working "
        "environment should improve through less stress when planning and ordering."),
    "timeline": (
        "Market dialogue in spring 2026, tender in autumn 2026 and a trial in ten "
        "pre-schools from January 2027. Roll-out to all pre-schools during 2028."),
}

SV_REPAIRABLE_FURNITURE = {
    "title": "Möbler som går att laga på vård- och omsorgsboenden",
    "background": (
        "Staden driver omkring 60 vård- och omsorgsboenden med cirka 5 000 lägenheter "
        "och gemensamma utrymmen. Möblerna slits hårt av rullstolar, rollatorer, "
        "rengöring och förflyttningar. Stadens miljöprogram säger att vi ska förlänga "
        "livslängden på det vi redan har köpt."),
    "problem": (
        "När en stol eller ett bord går sönder slängs möbeln oftast, eftersom "
        "reservdelar saknas och det är oklart vem som kan laga den. Boendena får vänta "
        "på ersättning, de boende sitter på möbler som inte passar dem, och staden "
        "köper nytt i onödan. Möblerna är dessutom svåra att anpassa när de boendes "
        "behov förändras."),
    "current_situation": (
        "I dag köps möbler genom ett ramavtal där pris och utseende väger tyngst. Ingen "
        "följer upp hur länge möblerna håller. En inventering på fyra boenden visade "
        "att en av fem stolar i gemensamma utrymmen var skadad och att trasiga möbler i "
        "regel ersattes med nya inom ett halvår. Staden lägger omkring 12 miljoner "
        "kronor per år på nya möbler till boendena."),
    "outcomes": (
        {"description": "Möblerna håller längre.",
         "indicator": "Genomsnittlig användningstid innan en möbel kasseras",
         "baseline": "Uppskattat 7 år",
         "target": "Minst 15 år",
         "when": "Följs upp årligen från 2028"},
        {"description": "Trasiga möbler lagas snabbt på plats.",
         "indicator": "Tid från felanmälan till lagad möbel",
         "baseline": "Ingen lagning i dag; ersättning tar upp till sex månader",
         "target": "Högst tio arbetsdagar i 90 procent av fallen",
         "when": "Från avtalsstart"},
        {"description": "De boende sitter bra och säkert.",
         "indicator": "Andel boende som i brukarundersökningen är nöjda med möblerna",
         "baseline": "68 procent",
         "target": "Minst 80 procent",
         "when": "2029"},
    ),
    "requirements": (
        {"text": "Slitdelar som klädsel, armstöd och hjul ska kunna bytas på plats av en "
                 "person med vanliga handverktyg.", "must": True, "outcomes": (1, 2)},
        {"text": "Reservdelar ska finnas att köpa i minst tio år efter leverans.",
         "must": True, "outcomes": (1,)},
        {"text": "Sitthöjd och armstöd bör kunna anpassas efter den boendes behov utan "
                 "att möbeln byts ut.", "must": False, "outcomes": (3,)},
        {"text": "Ytorna ska tåla den rengöring och desinfektion som de basala "
                 "hygienrutinerna kräver.", "must": True, "outcomes": (1, 3)},
    ),
    "constraints": (
        "Möblerna ska uppfylla gällande krav på brandsäkerhet och stabilitet i offentlig "
        "miljö. Lagning får inte kräva att möbeln transporteras från boendet. "
        "Inredningen väljs tillsammans med de boende och deras anhöriga."),
    "sustainability_ecological": (
        "Längre livslängd minskar avfallet och klimatpåverkan från tillverkning. "
        "Materialen ska gå att separera och återvinna när möbeln till sist har tjänat "
        "ut."),
    "sustainability_social": (
        "Lagning på plats kan ge arbete åt personer som står långt från "
        "arbetsmarknaden. Möblerna ska bidra till en hemlik miljö för de boende."),
    "timeline": (
        "Marknadsdialog hösten 2026, pilot på tre boenden under 2027, utvärdering och "
        "breddning 2028."),
}

EN_REPAIRABLE_FURNITURE = {
    "title": "Repairable furniture for care homes for older people",
    "background": (
        "The city runs about 60 care homes for older people with some 5,000 flats and "
        "shared rooms. The furniture is worn hard by wheelchairs, walkers, cleaning and "
        "transfers. The city's environmental programme says that we shall make what we "
        "have already bought last longer."),
    "problem": (
        "When a chair or a table breaks, it is usually thrown away, because spare parts "
        "are missing and nobody knows who can repair it. The home waits for a "
        "replacement, residents sit on furniture that does not suit them, and the city "
        "buys new furniture it did not need. The furniture is also hard to adapt when "
        "residents' needs change."),
    "current_situation": (
        "Today furniture is bought under a framework agreement where price and looks "
        "weigh most. Nobody follows up how long it lasts. A survey of four homes found "
        "one chair in five in shared rooms damaged, and broken furniture was as a rule "
        "replaced within six months. The city spends about SEK 12 million a year on new "
        "furniture for care homes."),
    "outcomes": (
        {"description": "Furniture lasts longer.",
         "indicator": "Average years in use before an item is discarded",
         "baseline": "Estimated at 7 years",
         "target": "At least 15 years",
         "when": "Followed up yearly from 2028"},
        {"description": "Broken furniture is repaired quickly on site.",
         "indicator": "Time from fault report to repaired item",
         "baseline": "No repairs today; replacement takes up to six months",
         "target": "At most ten working days in 90 per cent of cases",
         "when": "From the start of the contract"},
        {"description": "Residents sit comfortably and safely.",
         "indicator": "Share of residents satisfied with the furniture in the yearly "
                      "user survey",
         "baseline": "68 per cent",
         "target": "At least 80 per cent",
         "when": "2029"},
    ),
    "requirements": (
        {"text": "Wearing parts such as upholstery, armrests and castors shall be "
                 "replaceable on site by one person with ordinary hand tools.",
         "must": True, "outcomes": (1, 2)},
        {"text": "Spare parts shall be available for at least ten years after delivery.",
         "must": True, "outcomes": (1,)},
        {"text": "Seat height and armrests should be adjustable to the resident's needs "
                 "without replacing the item.", "must": False, "outcomes": (3,)},
        {"text": "Surfaces shall withstand the cleaning and disinfection that basic "
                 "hygiene routines require.", "must": True, "outcomes": (1, 3)},
    ),
    "constraints": (
        "The furniture must meet the fire safety and stability requirements for public "
        "spaces. Repairs may not require the item to be taken away from the home. "
        "Furnishing is chosen together with residents and their relatives."),
    "sustainability_ecological": (
        "A longer life means less waste and a lower climate impact from manufacturing. "
        "Materials shall be separable and recyclable when the item is finally worn "
        "out."),
    "sustainability_social": (
        "Repairs on site can give work to people far from the labour market. The "
        "furniture shall help make the home feel like a home."),
    "timeline": (
        "Market dialogue in autumn 2026, pilot in three homes during 2027, evaluation "
        "and roll-out in 2028."),
}

SV_STREET_TREES = {
    "title": "Gatuträd som överlever i staden",
    "background": (
        "Staden har omkring 80 000 gatuträd. Träden ger skugga, tar hand om dagvatten, "
        "renar luften och gör gatorna trivsammare. När staden växer och klimatet blir "
        "varmare behövs fler träd som mår bra i tät stadsmiljö."),
    "problem": (
        "Många nyplanterade gatuträd dör inom de första åren eller växer knappt. "
        "Rötterna får för lite utrymme, vatten och syre under hårdgjorda ytor, marken "
        "packas av trafiken och vintervägsalt skadar både rötter och bark. Varje träd "
        "som dör måste ersättas, och de effekter staden räknat med uteblir."),
    "current_situation": (
        "I dag planteras omkring 1 500 gatuträd per år. Stadens uppföljning visar att "
        "ungefär vart femte träd har dött eller måste bytas inom fem år. Ett nytt "
        "gatuträd kostar med växtbädd omkring 60 000 kronor. Ledningar i marken gör att "
        "utrymmet för växtbäddar ofta är begränsat."),
    "outcomes": (
        {"description": "Fler nyplanterade gatuträd överlever och etablerar sig.",
         "indicator": "Andel träd som lever och har normal tillväxt fem år efter "
                      "plantering",
         "baseline": "80 procent",
         "target": "Minst 95 procent",
         "when": "För träd planterade från 2027"},
        {"description": "Träden tar hand om dagvatten från gatan.",
         "indicator": "Andel av dagvattnet från ett regn på 20 mm som tas om hand i "
                      "växtbädden",
         "baseline": "Uppskattat 10 procent",
         "target": "Minst 60 procent",
         "when": "Mätt i pilotgatorna 2028"},
        {"description": "Träden klarar stadens påfrestningar utan extra skötsel.",
         "indicator": "Skötseltimmar per träd och år efter etableringen",
         "baseline": "6 timmar",
         "target": "Högst 3 timmar",
         "when": "Från det fjärde året efter plantering"},
    ),
    "requirements": (
        {"text": "Trädets rötter ska få tillräckligt med vatten och luft under "
                 "hårdgjorda ytor som trafikeras av fordon.",
         "must": True, "outcomes": (1, 3)},
        {"text": "Växtbädden ska kunna anläggas i gator med befintliga ledningar utan "
                 "att ledningarna flyttas.", "must": True, "outcomes": (1,)},
        {"text": "Växtbädden bör fördröja och rena dagvatten från gatan.",
         "must": False, "outcomes": (2,)},
        {"text": "Ledningsägare ska kunna nå sina ledningar för underhåll utan att "
                 "träden skadas.", "must": True, "outcomes": (1, 3)},
    ),
    "constraints": (
        "Arbeten i gatan måste samordnas med ledningsägare och trafikplanering. "
        "Avvikelser från stadens tekniska handbok för gator och parker görs i samråd "
        "med staden. Budgeten för piloten är 8 miljoner kronor."),
    "sustainability_ecological": (
        "Fler friska träd ger mer skugga under värmeböljor, bättre luft och fler "
        "livsmiljöer för insekter och fåglar. Jord och material ska i första hand vara "
        "återanvända eller förnybara."),
    "sustainability_social": (
        "Träden ska göra gator i områden med få grönytor svalare och trivsammare. De "
        "som bor i pilotgatorna bjuds in att följa och vårda träden."),
    "timeline": (
        "Marknadsdialog våren 2026, pilot i fyra gator 2027–2028, uppföljning av "
        "överlevnaden till 2032."),
}

EN_STREET_TREES = {
    "title": "Street trees that survive the city",
    "background": (
        "The city has about 80,000 street trees. They give shade, take care of "
        "rainwater, clean the air and make streets pleasant. As the city grows and the "
        "climate gets warmer, it needs more trees that thrive in a dense urban "
        "setting."),
    "problem": (
        "Many newly planted street trees die within their first years or barely grow. "
        "Roots get too little space, water and oxygen under paved surfaces, traffic "
        "compacts the soil, and road salt damages roots and bark and weakens the sap "
        "flow the tree needs in summer. Every tree that dies has to be replaced, and "
        "the benefits the city counted on never come."),
    "current_situation": (
        "Today about 1,500 street trees are planted a year. The city's follow-up shows "
        "that roughly one in five has died or must be replaced within five years. A new "
        "street tree with its planting bed costs about SEK 60,000. Pipes and cables in "
        "the ground often leave little room for planting beds."),
    "outcomes": (
        {"description": "More newly planted street trees survive and establish.",
         "indicator": "Share of trees alive and growing normally five years after "
                      "planting",
         "baseline": "80 per cent",
         "target": "At least 95 per cent",
         "when": "For trees planted from 2027"},
        {"description": "Trees take care of rainwater from the street.",
         "indicator": "Share of the runoff from 20 mm of rain retained in the planting "
                      "bed",
         "baseline": "Estimated at 10 per cent",
         "target": "At least 60 per cent",
         "when": "Measured in the pilot streets in 2028"},
        {"description": "Trees cope with the strains of the city without extra care.",
         "indicator": "Hours of care per tree and year after establishment",
         "baseline": "6 hours",
         "target": "At most 3 hours",
         "when": "From the fourth year after planting"},
    ),
    "requirements": (
        {"text": "The roots shall get enough water and air under paved surfaces that "
                 "carry vehicle traffic.", "must": True, "outcomes": (1, 3)},
        {"text": "The planting bed shall be possible to build in streets with existing "
                 "pipes and cables without moving them.", "must": True, "outcomes": (1,)},
        {"text": "The planting bed should slow down and clean rainwater from the "
                 "street.", "must": False, "outcomes": (2,)},
        {"text": "Utility owners shall be able to reach their pipes and cables for "
                 "maintenance without harming the trees.",
         "must": True, "outcomes": (1, 3)},
    ),
    "constraints": (
        "Work in the street must be coordinated with utility owners and traffic "
        "planning. Departures from the city's technical handbook for streets and parks "
        "are agreed with the city. The pilot budget is SEK 8 million."),
    "sustainability_ecological": (
        "More healthy trees give more shade in heatwaves, cleaner air and more habitats "
        "for insects and birds. Soil and materials should be reused or renewable "
        "wherever possible."),
    "sustainability_social": (
        "The trees shall make streets in areas with few green spaces cooler and more "
        "pleasant. People living in the pilot streets are invited to follow and care "
        "for the trees."),
    "timeline": (
        "Market dialogue in spring 2026, pilot in four streets 2027–2028, follow-up of "
        "survival until 2032."),
}

SV_FALL_PREVENTION = {
    "title": "Färre fallolyckor bland äldre",
    "background": (
        "Fallolyckor är den vanligaste orsaken till att äldre skadar sig. I staden bor "
        "omkring 100 000 personer som är 75 år eller äldre, och många av dem har "
        "hemtjänst. En höftfraktur innebär ofta att den äldre inte kan bo kvar hemma."),
    "problem": (
        "Äldre som bor hemma faller ofta utan att någon märker det förrän långt senare. "
        "Den som har fallit en gång är rädd för att falla igen, rör sig mindre och blir "
        "svagare, vilket ökar risken för nya fall. Hemtjänstens personal ser riskerna "
        "men hinner sällan arbeta förebyggande, och den äldre vill behålla sitt "
        "privatliv och sin självständighet."),
    "current_situation": (
        "I dag gör hemtjänsten en riskbedömning när insatsen börjar, men den följs "
        "sällan upp. Många har trygghetslarm, men larmet bärs inte alltid och hjälper "
        "inte den som inte själv kan larma. Varje år läggs drygt 2 000 personer över 75 "
        "år i staden in på sjukhus efter ett fall. En höftfraktur kostar samhället i "
        "genomsnitt omkring 500 000 kronor."),
    "outcomes": (
        {"description": "Färre äldre skadas av fall i hemmet.",
         "indicator": "Fall som leder till sjukhusvård per 1 000 personer med hemtjänst "
                      "och år",
         "baseline": "45",
         "target": "Högst 35",
         "when": "2029"},
        {"description": "Den som faller får hjälp snabbt.",
         "indicator": "Tid från fall till att hjälp är på plats",
         "baseline": "Okänt; i enskilda fall flera timmar",
         "target": "Högst 30 minuter i 95 procent av fallen",
         "when": "I pilotområdet 2028"},
        {"description": "Äldre känner sig trygga och rör sig mer.",
         "indicator": "Andel som i uppföljningen svarar att de känner sig trygga hemma",
         "baseline": "70 procent",
         "target": "Minst 85 procent",
         "when": "2029"},
    ),
    "requirements": (
        {"text": "Ett fall ska upptäckas även när personen inte själv kan larma.",
         "must": True, "outcomes": (2,)},
        {"text": "Lösningen ska fungera utan att den äldre behöver komma ihåg att göra "
                 "något varje dag.", "must": True, "outcomes": (1, 2)},
        {"text": "Den äldre ska själv kunna välja vad som registreras om hen.",
         "must": True, "outcomes": (3,)},
        {"text": "Personalen bör få veta när risken för fall ökar, så att de kan sätta "
                 "in förebyggande insatser i tid.", "must": False, "outcomes": (1,)},
    ),
    "constraints": (
        "Behandlingen av hälsouppgifter måste följa dataskyddsförordningen och "
        "patientdatalagen, och den äldres samtycke krävs. Larm måste kunna tas emot av "
        "stadens larmcentral. Lösningen är ett komplement till, inte en ersättning för, "
        "personligt stöd."),
    "sustainability_ecological": (
        "Färre akuta transporter och vårddagar minskar resursåtgången. Utrustning som "
        "lämnas tillbaka ska kunna användas igen hos en ny brukare."),
    "sustainability_social": (
        "Äldre ska kunna bo kvar hemma tryggt och självständigt. Lösningen ska fungera "
        "för personer med nedsatt syn, hörsel eller minne och för personer som inte "
        "talar svenska."),
    "timeline": (
        "Marknadsdialog hösten 2026, test med 200 personer med hemtjänst under 2027, "
        "beslut om breddning i början av 2028."),
}

EN_FALL_PREVENTION = {
    "title": "Fewer falls among older people",
    "background": (
        "Falls are the most common way older people get injured. About 100,000 people "
        "aged 75 or over live in the city, and many of them receive home care. A hip "
        "fracture often means that the person can no longer live at home."),
    "problem": (
        "Older people living at home often fall without anyone noticing until much "
        "later. Someone who has fallen once is afraid of falling again, moves less and "
        "grows weaker, which raises the risk of new falls. Home care staff see the "
        "risks but seldom have time for prevention, and older people want to keep "
        "their privacy and independence."),
    "current_situation": (
        "Today home care makes a risk assessment when support starts, but it is seldom "
        "followed up. Many people have a personal alarm, but it is not always worn and "
        "does not help someone who cannot raise the alarm. Every year more than 2,000 "
        "people over 75 in the city are admitted to hospital after a fall. A hip "
        "fracture costs society about SEK 500,000 on average."),
    "outcomes": (
        {"description": "Fewer older people are injured by falls at home.",
         "indicator": "Falls leading to hospital care per 1,000 home care clients a "
                      "year",
         "baseline": "45",
         "target": "At most 35",
         "when": "2029"},
        {"description": "People who fall get help quickly.",
         "indicator": "Time from a fall until help arrives",
         "baseline": "Unknown; several hours in some cases",
         "target": "At most 30 minutes in 95 per cent of cases",
         "when": "In the pilot area in 2028"},
        {"description": "Older people feel safe and move more.",
         "indicator": "Share who say in the follow-up that they feel safe at home",
         "baseline": "70 per cent",
         "target": "At least 85 per cent",
         "when": "2029"},
    ),
    "requirements": (
        {"text": "A fall shall be detected even when the person cannot raise the alarm.",
         "must": True, "outcomes": (2,)},
        {"text": "The solution shall work without the older person having to remember "
                 "to do anything every day.", "must": True, "outcomes": (1, 2)},
        {"text": "Older people shall be able to choose what is recorded about them.",
         "must": True, "outcomes": (3,)},
        {"text": "Staff should learn when the risk of falling rises, so that they can "
                 "act in time.", "must": False, "outcomes": (1,)},
    ),
    "constraints": (
        "Processing of health data must comply with the General Data Protection "
        "Regulation and the Patient Data Act, and the person's consent is required. "
        "Alarms must reach the city's alarm centre. The solution complements personal "
        "support and does not replace it."),
    "sustainability_ecological": (
        "Fewer emergency journeys and hospital days save resources. Equipment that is "
        "handed back shall be possible to reuse for another client."),
    "sustainability_social": (
        "Older people shall be able to stay at home safely and independently. The "
        "solution shall work for people with impaired sight, hearing or memory and for "
        "people who do not speak Swedish."),
    "timeline": (
        "Market dialogue in autumn 2026, trial with 200 home care clients in 2027, "
        "decision on roll-out early in 2028."),
}

SV_DEMENTIA_CARE = {
    "title": "Demensvård som följer forskningen",
    "background": (
        "Omkring 20 000 personer i staden lever med en demenssjukdom, och antalet ökar. "
        "Kunskapen om bemötande, aktivitet och läkemedel vid demens växer snabbt. Staden "
        "vill att den som har en demenssjukdom ska få vård och omsorg som bygger på "
        "bästa tillgängliga kunskap."),
    "problem": (
        "Det tar lång tid innan ny kunskap om demensvård når personalen på boenden och "
        "i hemtjänsten. Många medarbetare har kort eller ingen vårdutbildning, och "
        "personalomsättningen är hög. De boende bemöts därför olika beroende på vem som "
        "arbetar, oro och utåtagerande beteende hanteras ofta med läkemedel i stället "
        "för bemötande, och anhöriga vet inte vad de kan förvänta sig."),
    "current_situation": (
        "I dag får nyanställda en introduktion på en dag. Fortbildning sker genom "
        "föreläsningar några gånger per år, som många inte kan gå på eftersom de arbetar "
        "enligt schema. Varje team har ett demensombud, men ombuden har sällan avsatt "
        "tid för uppdraget. Förskrivningen av lugnande läkemedel till personer med "
        "demens på stadens boenden ligger över riksgenomsnittet."),
    "outcomes": (
        {"description": "Personalen arbetar enligt aktuell kunskap om demensvård.",
         "indicator": "Andel medarbetare som klarar den årliga kunskapsuppföljningen",
         "baseline": "Ej mätt",
         "target": "Minst 80 procent",
         "when": "2028"},
        {"description": "Färre boende får lugnande läkemedel i onödan.",
         "indicator": "Andel boende med demensdiagnos som har lugnande läkemedel utan "
                      "dokumenterad prövning",
         "baseline": "22 procent",
         "target": "Högst 10 procent",
         "when": "2029"},
        {"description": "Ny kunskap når personalen snabbt.",
         "indicator": "Tid från att en ny rekommendation publiceras till att den "
                      "tillämpas i det dagliga arbetet",
         "baseline": "Uppskattat 2–3 år",
         "target": "Högst 6 månader",
         "when": "Från 2028"},
    ),
    "requirements": (
        {"text": "Kunskapen ska gå att ta del av under arbetstid i korta pass, även för "
                 "den som arbetar kväll, natt eller helg.",
         "must": True, "outcomes": (1, 3)},
        {"text": "Innehållet ska bygga på de nationella riktlinjerna för vård och omsorg "
                 "vid demenssjukdom och uppdateras när de ändras.",
         "must": True, "outcomes": (1, 3)},
        {"text": "Innehållet ska vara lätt att förstå för den som har ett annat "
                 "modersmål än svenska.", "must": True, "outcomes": (1,)},
        {"text": "Personalen ska få konkreta alternativ till läkemedel vid oro och "
                 "utåtagerande beteende.", "must": True, "outcomes": (2,)},
        {"text": "Anhöriga bör kunna ta del av samma kunskap.",
         "must": False, "outcomes": (3,)},
    ),
    "constraints": (
        "Inga uppgifter om enskilda boende får behandlas. Innehållet granskas av "
        "stadens medicinskt ansvariga sjuksköterska innan det tas i bruk. Digitala delar "
        "måste uppfylla kraven i lagen om tillgänglighet till digital offentlig "
        "service."),
    "sustainability_ecological": (
        "Färre resor till utbildningstillfällen och mindre tryckt material minskar "
        "miljöpåverkan."),
    "sustainability_social": (
        "Personer med demens ska bemötas med respekt och få en meningsfull vardag. "
        "Bättre kunskap ger tryggare medarbetare och kan minska personalomsättningen."),
    "timeline": (
        "Marknadsdialog våren 2026, utveckling och test på sex boenden 2027, spridning "
        "till alla boenden och hemtjänstområden 2028."),
}

EN_DEMENTIA_CARE = {
    "title": "Dementia care that keeps up with research",
    "background": (
        "About 20,000 people in the city live with dementia, and the number is rising. "
        "Knowledge about how to approach, activate and medicate people with dementia "
        "grows quickly. The city wants people with dementia to receive care based on "
        "the best available knowledge."),
    "problem": (
        "New knowledge about dementia care takes a long time to reach staff in care "
        "homes and home care. Many staff have short or no care training, and turnover "
        "is high. As a result residents are treated differently depending on who is on "
        "duty, anxiety and agitation are often handled with medicines rather than "
        "through the way staff respond, and relatives do not know what to expect."),
    "current_situation": (
        "Today new staff get a one-day introduction. Further training consists of a few "
        "lectures a year, which many cannot attend because they work shifts. Each team "
        "has a dementia champion, but champions seldom have time set aside for the "
        "role. Prescription of sedatives to people with dementia in the city's care "
        "homes is above the national average."),
    "outcomes": (
        {"description": "Staff work according to current knowledge of dementia care.",
         "indicator": "Share of staff who pass the yearly knowledge follow-up",
         "baseline": "Not measured",
         "target": "At least 80 per cent",
         "when": "2028"},
        {"description": "Fewer residents receive sedatives without need.",
         "indicator": "Share of residents with a dementia diagnosis on sedatives without "
                      "a documented review",
         "baseline": "22 per cent",
         "target": "At most 10 per cent",
         "when": "2029"},
        {"description": "New knowledge reaches staff quickly.",
         "indicator": "Time from publication of a new recommendation until it is "
                      "applied in daily work",
         "baseline": "Estimated at 2–3 years",
         "target": "At most 6 months",
         "when": "From 2028"},
    ),
    "requirements": (
        {"text": "Staff shall be able to take in the knowledge during working hours in "
                 "short sessions, including evening, night and weekend shifts.",
         "must": True, "outcomes": (1, 3)},
        {"text": "The content shall be based on the national guidelines for dementia "
                 "care and be updated when they change.",
         "must": True, "outcomes": (1, 3)},
        {"text": "The content shall be easy to understand for staff whose first language "
                 "is not Swedish.", "must": True, "outcomes": (1,)},
        {"text": "Staff shall get practical alternatives to medicines for anxiety and "
                 "agitation.", "must": True, "outcomes": (2,)},
        {"text": "Relatives should be able to share the same knowledge.",
         "must": False, "outcomes": (3,)},
    ),
    "constraints": (
        "No data about individual residents may be processed. The content is reviewed "
        "by the city's medically responsible nurse before it is put into practice. "
        "Digital parts must meet the Swedish act on accessibility to digital public "
        "services."),
    "sustainability_ecological": (
        "Fewer journeys to training sessions and less printed material reduce the "
        "environmental impact."),
    "sustainability_social": (
        "People with dementia shall be treated with respect and have a meaningful "
        "everyday life. Better knowledge makes staff more confident and can reduce "
        "turnover."),
    "timeline": (
        "Market dialogue in spring 2026, development and trial in six care homes in "
        "2027, spread to all care homes and home care areas in 2028."),
}

SV_SCHOOL_ENERGY = {
    "title": "Lägre energianvändning i skolbyggnader",
    "background": (
        "Staden äger omkring 400 skolbyggnader, många byggda på 1960- och 1970-talen. "
        "Byggnaderna står för en stor del av stadens energianvändning. Staden har "
        "beslutat att energianvändningen i de egna lokalerna ska minska med 30 procent "
        "till 2030 jämfört med 2020."),
    "problem": (
        "Skolbyggnaderna värms och ventileras ofta som om de vore fullt använda, även "
        "kvällar, helger och lov när de står tomma. Samtidigt är det för varmt i många "
        "klassrum på försommaren och för kallt i andra på vintern, vilket påverkar "
        "elevernas koncentration. Driftpersonalen har svårt att se var energin går åt "
        "och vilka åtgärder som ger störst effekt."),
    "current_situation": (
        "I dag läses energianvändningen av en gång per månad och byggnad. Drifttider för "
        "värme och ventilation ställs in centralt och ändras sällan. Elever och lärare "
        "öppnar fönster för att få bort värme eller dålig luft. Energikostnaden för "
        "skolorna är omkring 180 miljoner kronor per år."),
    "outcomes": (
        {"description": "Skolbyggnaderna använder mindre energi.",
         "indicator": "Köpt energi per kvadratmeter och år, normalårskorrigerad",
         "baseline": "140 kWh/m² (2025)",
         "target": "Högst 100 kWh/m²",
         "when": "2030"},
        {"description": "Eleverna har ett bra inomhusklimat.",
         "indicator": "Andel lektionstimmar med 20–24 °C och koldioxidhalt under "
                      "1 000 ppm",
         "baseline": "Ej mätt systematiskt",
         "target": "Minst 90 procent",
         "when": "2028"},
        {"description": "Driftpersonalen ser snabbt var åtgärder gör störst nytta.",
         "indicator": "Tid från en avvikelse i energianvändningen till att den upptäcks",
         "baseline": "Upp till en månad",
         "target": "Högst ett dygn",
         "when": "2028"},
    ),
    "requirements": (
        {"text": "Värme och ventilation ska följa hur lokalerna faktiskt används, även "
                 "när användningen ändras med kort varsel.",
         "must": True, "outcomes": (1, 2)},
        {"text": "Byggnaderna ska använda minst 30 procent mindre energi än 2020 utan "
                 "att inomhusklimatet blir sämre.", "must": True, "outcomes": (1, 2)},
        {"text": "Åtgärderna bör fungera i byggnader av olika ålder och med olika "
                 "befintliga installationer.", "must": False, "outcomes": (1,)},
        {"text": "Driftpersonalen ska kunna se energianvändning och inomhusklimat per "
                 "byggnad och rum.", "must": True, "outcomes": (3,)},
    ),
    "constraints": (
        "Arbetet får inte störa undervisningen under terminstid. Flera byggnader är "
        "kulturhistoriskt värdefulla, vilket begränsar ingrepp i fasader och fönster. "
        "Uppgifter om hur rummen används får inte kunna kopplas till enskilda elever "
        "eller lärare."),
    "sustainability_ecological": (
        "Lägre energianvändning minskar klimatpåverkan och effekttopparna i elnätet. "
        "Material och utrustning ska ha lång livslängd och kunna återvinnas."),
    "sustainability_social": (
        "Ett bra inomhusklimat ger bättre förutsättningar för lärande. Eleverna kan "
        "delta i arbetet med energi som en del av undervisningen."),
    "timeline": (
        "Marknadsdialog hösten 2026, pilot i åtta skolor läsåret 2027/28, utvärdering "
        "och beslut om breddning våren 2028."),
}

EN_SCHOOL_ENERGY = {
    "title": "Lower energy use in school buildings",
    "background": (
        "The city owns about 400 school buildings, many built in the 1960s and 1970s. "
        "They account for a large share of the city's energy use. The aim is to use at "
        "least 30 % less energy in the city's own premises by 2030 than in 2020."),
    "problem": (
        "School buildings are often heated and ventilated as if they were fully used, "
        "even in the evenings, at weekends and in the holidays when they stand empty. "
        "At the same time many classrooms are too warm in early summer and others too "
        "cold in winter, which affects pupils' concentration. Building staff find it "
        "hard to see where the energy goes and which measures have the greatest effect."),
    "current_situation": (
        "Today energy use is read once a month per building. Operating hours for "
        "heating and ventilation are set centrally and seldom changed. Pupils and "
        "teachers open the windows to let out heat or stale air. Windows are often left "
        "open over the weekend. Energy for the schools costs about SEK 180 million a "
        "year."),
    "outcomes": (
        {"description": "School buildings use less energy.",
         "indicator": "Purchased energy per square metre and year, weather-corrected",
         "baseline": "140 kWh/m² (2025)",
         "target": "At most 100 kWh/m²",
         "when": "2030"},
        {"description": "Pupils have a good indoor climate.",
         "indicator": "Share of lesson hours at 20–24 °C with carbon dioxide below "
                      "1,000 ppm",
         "baseline": "Not measured systematically",
         "target": "At least 90 per cent",
         "when": "2028"},
        {"description": "Building staff quickly see where measures help most.",
         "indicator": "Time from a deviation in energy use until it is noticed",
         "baseline": "Up to a month",
         "target": "At most one day",
         "when": "2028"},
    ),
    "requirements": (
        {"text": "Heating and ventilation shall follow how the rooms are actually used, "
                 "even when use changes at short notice.",
         "must": True, "outcomes": (1, 2)},
        {"text": "The buildings shall use at least 30 % less energy than in 2020 "
                 "without a poorer indoor climate.", "must": True, "outcomes": (1, 2)},
        {"text": "Measures should work in buildings of different ages and with "
                 "different existing installations.", "must": False, "outcomes": (1,)},
        {"text": "Building staff shall be able to see energy use and indoor climate per "
                 "building and room.", "must": True, "outcomes": (3,)},
    ),
    "constraints": (
        "The work may not disturb teaching during term time. Several buildings are of "
        "cultural and historical value, which limits changes to facades and windows. "
        "Data on how rooms are used must not be traceable to individual pupils or "
        "teachers."),
    "sustainability_ecological": (
        "Lower energy use reduces the climate impact and the peak loads on the grid. "
        "Materials and equipment shall last long and be recyclable."),
    "sustainability_social": (
        "A good indoor climate gives better conditions for learning. Pupils can take "
        "part in the energy work as part of their lessons."),
    "timeline": (
        "Market dialogue in autumn 2026, pilot in eight schools in the 2027/28 school "
        "year, evaluation and decision on roll-out in spring 2028."),
}

SV_THEMES = (SV_FOOD_WASTE, SV_REPAIRABLE_FURNITURE, SV_STREET_TREES, SV_FALL_PREVENTION,
             SV_DEMENTIA_CARE, SV_SCHOOL_ENERGY)
EN_THEMES = (EN_FOOD_WASTE, EN_REPAIRABLE_FURNITURE, EN_STREET_TREES, EN_FALL_PREVENTION,
             EN_DEMENTIA_CARE, EN_SCHOOL_ENERGY)
