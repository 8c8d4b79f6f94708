"""What generated needs are about: problems buyers really have, in Swedish and English.

Pure module (data). A theme gives the CPV codes it draws from (as code prefixes), the
usual contract kind, and per language the pieces a need statement is made of: a goal
and a setting for the title, sentences for the background, the problem and the current
situation, outcomes with a measurable criterion, and functional requirements. The
texts describe needs, not products: the need-language check finds nothing in them
unless the generator adds one of the ``SLIPS`` on purpose.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Texts:
    goals: tuple[str, ...]
    settings: tuple[str, ...]
    background: tuple[str, ...]
    problem: tuple[str, ...]
    current: tuple[str, ...]
    # (description, indicator, baseline, target)
    outcomes: tuple[tuple[str, str, str, str], ...]
    requirements: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    key: str
    cpv_prefixes: tuple[str, ...]
    contract_kind: str
    sv: Texts
    en: Texts

    def texts(self, language: str) -> Texts:
        return self.en if language == "en" else self.sv


THEMES = (
    Theme(
        "food_waste", ("555", "158", "3914", "7342"), "services",
        Texts(
            goals=("Mindre matsvinn", "Färre kasserade portioner", "Bättre planerade måltider"),
            settings=("i förskolornas kök", "i skolrestaurangerna", "på äldreboendena",
                      "i mottagningsköken"),
            background=(
                "Verksamheten serverar varje dag tusentals måltider i egna kök.",
                "Målet är att halvera matsvinnet till 2030.",
                "Måltiderna är en viktig del av dagen för barn och äldre.",
                "Kostnaden för råvaror har ökat kraftigt de senaste åren."),
            problem=(
                "En stor del av maten som lagas slängs utan att ha ätits.",
                "Antalet ätande varierar från dag till dag och frånvaro blir känd sent.",
                "Portionerna är svåra att anpassa efter gästernas aptit.",
                "Köken saknar underlag för att planera inköp och tillagning."),
            current=(
                "Svinnet vägs för hand några veckor per år.",
                "Beställningar görs i dag på erfarenhet och görs om varje morgon.",
                "Uppgifter om frånvaro finns i flera system som inte talar med varandra."),
            outcomes=(
                ("Mindre mat slängs", "andel matsvinn i vikt", "25 %", "högst 12 %"),
                ("Köken vet i förväg hur många som äter", "prognosens träffsäkerhet",
                 "70 %", "minst 90 %"),
                ("Lägre kostnad för råvaror per portion", "kronor per portion", "14 kr",
                 "högst 12 kr"),
            ),
            requirements=(
                "Kökspersonalen ska kunna se väntat antal ätande senast klockan 8.",
                "Lösningen ska fungera i kök utan egen it-personal.",
                "Svinnet ska kunna följas upp per kök och vecka.",
                "Uppgifter om enskilda barn eller boende får inte visas för köken."),
        ),
        Texts(
            goals=("Less food waste", "Fewer portions thrown away", "Better planned meals"),
            settings=("in pre-school kitchens", "in school restaurants", "in care homes",
                      "in serving kitchens"),
            background=(
                "The service serves thousands of meals every day from its own kitchens.",
                "The goal is to halve food waste by 2030.",
                "Meals are an important part of the day for children and older people.",
                "The cost of ingredients has risen sharply in recent years."),
            problem=(
                "A large share of the food cooked is thrown away uneaten.",
                "The number of diners varies from day to day and absence is known late.",
                "Portions are hard to match to the guests' appetite.",
                "The kitchens lack the information to plan purchases and cooking."),
            current=(
                "Waste is weighed by hand for a few weeks a year.",
                "Orders are placed from experience and redone every morning.",
                "Information on absence is held in several systems that do not talk to "
                "each other."),
            outcomes=(
                ("Less food is thrown away", "share of food wasted by weight", "25 %",
                 "at most 12 %"),
                ("Kitchens know in advance how many will eat", "forecast accuracy", "70 %",
                 "at least 90 %"),
                ("Lower ingredient cost per portion", "kronor per portion", "SEK 14",
                 "at most SEK 12"),
            ),
            requirements=(
                "Kitchen staff can see the expected number of diners by 8 am.",
                "The solution works in kitchens without their own IT staff.",
                "Waste can be followed up per kitchen and week.",
                "Kitchens are never shown information about individual children or residents."),
        ),
    ),
    Theme(
        "falls", ("331", "851", "3319", "7311"), "supplies",
        Texts(
            goals=("Färre fallolyckor", "Tryggare nätter", "Snabbare hjälp efter fall"),
            settings=("i hemtjänsten", "på särskilda boenden", "på korttidsboendena",
                      "för äldre som bor hemma"),
            background=(
                "Fallolyckor är den vanligaste orsaken till skador bland äldre.",
                "Antalet personer över 80 år väntas öka med en tredjedel på tio år.",
                "Nattpersonalen ansvarar för många boende samtidigt."),
            problem=(
                "Den som faller på natten blir ofta liggande länge innan någon märker det.",
                "Tillsynsbesök väcker boende som hellre vill sova.",
                "Personalen vet inte vilka boende som löper störst risk att falla."),
            current=(
                "Tillsyn sker genom planerade besök varannan timme.",
                "Larm utlöses i dag bara när den boende själv trycker på en knapp.",
                "Fallrisk bedöms en gång om året vid vårdplaneringen."),
            outcomes=(
                ("Färre fall med skada", "fall med skada per 1 000 vårddygn", "4,1",
                 "högst 2,5"),
                ("Snabbare hjälp efter ett fall", "minuter från fall till hjälp", "35",
                 "högst 10"),
                ("Bättre nattsömn för de boende", "andel boende som sover ostört", "55 %",
                 "minst 75 %"),
            ),
            requirements=(
                "Personalen ska få veta inom två minuter att någon har fallit.",
                "Lösningen får inte kräva att den boende bär något hela dygnet.",
                "Den boendes integritet ska skyddas; inga bilder får sparas.",
                "Larm ska kunna tas emot av den personal som är i tjänst."),
        ),
        Texts(
            goals=("Fewer falls", "Safer nights", "Faster help after a fall"),
            settings=("in home care", "in care homes", "in short-stay homes",
                      "for older people living at home"),
            background=(
                "Falls are the most common cause of injury among older people.",
                "The number of people over 80 is expected to grow by a third in ten years.",
                "Night staff are responsible for many residents at once."),
            problem=(
                "Someone who falls at night often lies for a long time before anyone notices.",
                "Night checks wake residents who would rather sleep.",
                "Staff do not know which residents are most at risk of falling."),
            current=(
                "Residents are checked on by planned visits every two hours.",
                "An alarm is raised only when residents press a button themselves.",
                "The risk of falling is assessed once a year at care planning."),
            outcomes=(
                ("Fewer falls with injury", "falls with injury per 1,000 care days", "4.1",
                 "at most 2.5"),
                ("Faster help after a fall", "minutes from fall to help", "35",
                 "at most 10"),
                ("Better sleep for residents", "share of residents sleeping undisturbed",
                 "55 %", "at least 75 %"),
            ),
            requirements=(
                "Staff learn within two minutes that someone has fallen.",
                "The solution does not require residents to wear anything day and night.",
                "Residents' privacy is protected; no images are stored.",
                "Alerts reach the staff on duty."),
        ),
    ),
    Theme(
        "energy", ("093", "0931", "713", "4533", "7131"), "works",
        Texts(
            goals=("Lägre energianvändning", "Jämnare inomhusklimat", "Mindre utsläpp"),
            settings=("i skolbyggnaderna", "i förskolornas lokaler", "i idrottshallarna",
                      "i stadens kontorshus"),
            background=(
                "Byggnaderna står för en stor del av organisationens energianvändning.",
                "Många fastigheter byggdes på 1960- och 1970-talen.",
                "Klimatmålet kräver att energianvändningen minskar med en tredjedel."),
            problem=(
                "Lokalerna värms och ventileras som om de alltid vore fulla.",
                "Det är för varmt på vintern och för kallt på morgonen.",
                "Ingen vet i dag vilka byggnader som använder mest energi per elev."),
            current=(
                "Energin läses av en gång i månaden per fastighet.",
                "Driftpersonalen ändrar inställningar efter klagomål.",
                "Underhållet planeras efter ålder, inte efter behov."),
            outcomes=(
                ("Lägre energianvändning", "kWh per kvadratmeter och år", "145",
                 "högst 100"),
                ("Bättre inomhusklimat", "andel timmar med 20–23 grader", "60 %",
                 "minst 90 %"),
                ("Mindre klimatpåverkan", "ton koldioxid per år", "1 200", "högst 800"),
            ),
            requirements=(
                "Driftpersonalen ska kunna se energianvändningen per byggnad och timme.",
                "Lösningen ska kunna införas utan att verksamheten stängs.",
                "Besparingen ska kunna verifieras mot ett uppmätt utgångsläge.",
                "Uppgifter ska kunna lämnas ut i öppna format."),
        ),
        Texts(
            goals=("Lower energy use", "A steadier indoor climate", "Lower emissions"),
            settings=("in school buildings", "in pre-school premises", "in sports halls",
                      "in the council's office buildings"),
            background=(
                "Buildings account for a large share of the organisation's energy use.",
                "Many properties were built in the 1960s and 1970s.",
                "The climate target requires energy use to fall by a third."),
            problem=(
                "Premises are heated and ventilated as if they were always full.",
                "It is too warm in winter and too cold in the morning.",
                "Nobody knows today which buildings use most energy per pupil."),
            current=(
                "Energy is read once a month per property.",
                "Operations staff change settings after complaints.",
                "Maintenance is planned by age rather than need."),
            outcomes=(
                ("Lower energy use", "kWh per square metre and year", "145", "at most 100"),
                ("Better indoor climate", "share of hours at 20–23 degrees", "60 %",
                 "at least 90 %"),
                ("Lower climate impact", "tonnes of carbon dioxide per year", "1,200",
                 "at most 800"),
            ),
            requirements=(
                "Operations staff can see energy use per building and hour.",
                "The solution can be introduced without closing the premises.",
                "Savings can be verified against a measured baseline.",
                "Data can be released in open formats."),
        ),
    ),
    Theme(
        "trees", ("7721", "0345", "7731", "452"), "services",
        Texts(
            goals=("Friskare gatuträd", "Fler träd som överlever", "Svalare gator"),
            settings=("i innerstaden", "längs huvudgatorna", "i de nya stadsdelarna",
                      "på skolgårdarna"),
            background=(
                "Gatuträden ger skugga, renare luft och tar hand om dagvatten.",
                "Somrarna har blivit varmare och torrare.",
                "Staden planterar hundratals nya träd varje år."),
            problem=(
                "Många nyplanterade träd dör inom fem år.",
                "Rötterna får för lite utrymme och vatten under hårdgjorda ytor.",
                "Skador upptäcks först när trädet redan är dött."),
            current=(
                "Träden vattnas efter schema oavsett väder.",
                "Trädens hälsa inventeras vart femte år.",
                "Ledningar och träd planeras av olika enheter."),
            outcomes=(
                ("Fler nya träd överlever", "andel träd vid liv efter fem år", "65 %",
                 "minst 90 %"),
                ("Svalare gatumiljö sommartid", "yttemperatur en julidag", "42 grader",
                 "högst 35 grader"),
                ("Mindre vatten går åt", "liter vatten per träd och säsong", "2 000",
                 "högst 1 200"),
            ),
            requirements=(
                "Trädens behov av vatten ska kunna följas under säsongen.",
                "Växtbädden ska kunna kombineras med ledningar i marken.",
                "Lösningen ska tåla vinterväghållning och saltning.",
                "Skötselpersonalen ska få veta när ett träd behöver åtgärd."),
        ),
        Texts(
            goals=("Healthier street trees", "More trees that survive", "Cooler streets"),
            settings=("in the city centre", "along the main streets", "in the new districts",
                      "in school yards"),
            background=(
                "Street trees give shade and cleaner air, and take up storm water.",
                "Summers have become warmer and drier.",
                "The city plants hundreds of new trees every year."),
            problem=(
                "Many newly planted trees die within five years.",
                "Roots get too little room and water under paved surfaces.",
                "Damage is found only when the tree is already dead."),
            current=(
                "Trees are watered on a schedule whatever the weather.",
                "Tree health is surveyed every five years.",
                "Utilities and trees are planned by different units."),
            outcomes=(
                ("More new trees survive", "share of trees alive after five years", "65 %",
                 "at least 90 %"),
                ("Cooler streets in summer", "surface temperature on a July day",
                 "42 degrees", "at most 35 degrees"),
                ("Less water used", "litres of water per tree and season", "2,000",
                 "at most 1,200"),
            ),
            requirements=(
                "The trees' need for water can be followed through the season.",
                "The planting bed can be combined with utilities underground.",
                "The solution withstands winter road maintenance and salting.",
                "Maintenance staff learn when a tree needs attention."),
        ),
    ),
    Theme(
        "furniture", ("391", "3911", "3914", "3915"), "supplies",
        Texts(
            goals=("Möbler som håller längre", "Mer återbruk av möbler", "Färre nyköpta möbler"),
            settings=("på äldreboendena", "i skolorna", "i förvaltningens kontor",
                      "i förskolorna"),
            background=(
                "Verksamheterna köper tusentals möbler varje år.",
                "Möbler står för en betydande del av inköpens klimatpåverkan.",
                "Staden har beslutat att återbruk ska vara förstahandsval."),
            problem=(
                "Trasiga möbler slängs i stället för att lagas.",
                "Ingen vet vilka möbler som står oanvända i andra lokaler.",
                "Nya möbler är ofta svåra att reparera och saknar reservdelar."),
            current=(
                "Möbler köps genom ett avtal med fasta sortiment.",
                "Överblivna möbler körs till återvinningscentralen.",
                "Reparationer beställs sällan eftersom ingen vet vem som gör dem."),
            outcomes=(
                ("Möblerna används längre", "genomsnittlig livslängd i år", "8", "minst 15"),
                ("Mer återbruk", "andel möbelbehov som täcks av återbruk", "5 %",
                 "minst 40 %"),
                ("Mindre klimatpåverkan från möbler", "ton koldioxid per år", "600",
                 "högst 300"),
            ),
            requirements=(
                "Möblerna ska kunna repareras med reservdelar i minst tio år.",
                "Verksamheterna ska kunna se vilka begagnade möbler som finns lediga.",
                "Möblerna ska klara de krav som gäller för vård- och skolmiljöer.",
                "Leveranser ska samordnas så att antalet transporter hålls nere."),
        ),
        Texts(
            goals=("Furniture that lasts longer", "More reused furniture",
                   "Fewer new furniture purchases"),
            settings=("in care homes", "in schools", "in the administration's offices",
                      "in pre-schools"),
            background=(
                "The services buy thousands of pieces of furniture every year.",
                "Furniture accounts for a significant share of purchasing's climate impact.",
                "The council has decided that reuse comes first."),
            problem=(
                "Broken furniture is thrown away instead of repaired.",
                "Nobody knows which furniture stands unused in other premises.",
                "New furniture is often hard to repair and lacks spare parts."),
            current=(
                "Furniture is bought through a contract with a fixed range.",
                "Surplus furniture is taken to the recycling centre.",
                "Repairs are rarely ordered because nobody knows who does them."),
            outcomes=(
                ("Furniture is used for longer", "average service life in years", "8",
                 "at least 15"),
                ("More reuse", "share of furniture needs met by reuse", "5 %",
                 "at least 40 %"),
                ("Lower climate impact from furniture", "tonnes of carbon dioxide per year",
                 "600", "at most 300"),
            ),
            requirements=(
                "Furniture can be repaired with spare parts for at least ten years.",
                "Services can see which used furniture is available.",
                "Furniture meets the requirements for care and school settings.",
                "Deliveries are coordinated to keep the number of transports down."),
        ),
    ),
    Theme(
        "mobility", ("601", "3414", "6341", "7131", "452"), "services",
        Texts(
            goals=("Säkrare skolvägar", "Färre bilresor", "Smidigare resor till jobbet"),
            settings=("i ytterområdena", "runt skolorna", "för personalen i hemtjänsten",
                      "mellan stadsdelarna"),
            background=(
                "Trafiken står för en stor del av utsläppen i staden.",
                "Många barn skjutsas till skolan med bil.",
                "Kollektivtrafiken är gles utanför rusningstid."),
            problem=(
                "Korsningarna kring skolorna är otrygga vid lämning och hämtning.",
                "Personalen kör många korta resor i egna bilar.",
                "Det saknas kunskap om hur resorna faktiskt görs."),
            current=(
                "Trafikmätningar görs manuellt några dagar per år.",
                "Tjänsteresor bokas och ersätts i efterhand.",
                "Trafiksäkerhetsåtgärder prioriteras efter klagomål."),
            outcomes=(
                ("Fler barn går eller cyklar till skolan", "andel barn som går eller cyklar",
                 "45 %", "minst 65 %"),
                ("Färre olyckor kring skolorna", "olyckor per år", "12", "högst 4"),
                ("Lägre utsläpp från tjänsteresor", "ton koldioxid per år", "300",
                 "högst 150"),
            ),
            requirements=(
                "Resmönster ska kunna följas utan att enskilda personer kan identifieras.",
                "Lösningen ska fungera året runt, även vid snö och mörker.",
                "Effekten ska kunna följas upp per skola eller område.",
                "Personalen ska kunna planera sina resor på under fem minuter."),
        ),
        Texts(
            goals=("Safer routes to school", "Fewer car journeys", "Easier commuting"),
            settings=("in the outer districts", "around schools", "for home-care staff",
                      "between districts"),
            background=(
                "Traffic accounts for a large share of the city's emissions.",
                "Many children are driven to school.",
                "Public transport is sparse outside rush hour."),
            problem=(
                "The junctions around schools are unsafe at drop-off and pick-up.",
                "Staff make many short journeys in their own cars.",
                "There is little knowledge of how journeys are actually made."),
            current=(
                "Traffic is counted by hand a few days a year.",
                "Business trips are booked and reimbursed afterwards.",
                "Road safety measures are prioritised by complaints."),
            outcomes=(
                ("More children walk or cycle to school", "share of children walking or "
                 "cycling", "45 %", "at least 65 %"),
                ("Fewer accidents around schools", "accidents per year", "12", "at most 4"),
                ("Lower emissions from business travel", "tonnes of carbon dioxide per year",
                 "300", "at most 150"),
            ),
            requirements=(
                "Travel patterns can be followed without identifying individuals.",
                "The solution works all year round, including in snow and darkness.",
                "The effect can be followed up per school or area.",
                "Staff can plan their journeys in under five minutes."),
        ),
    ),
    Theme(
        "digital_services", ("72", "48", "7222", "7226"), "services",
        Texts(
            goals=("Enklare e-tjänster", "Kortare handläggningstid", "Färre pappersblanketter"),
            settings=("för bygglov", "för föreningsbidrag", "för skolskjuts",
                      "för försörjningsstöd"),
            background=(
                "Invånarna förväntar sig att kunna sköta sina ärenden när det passar dem.",
                "Ärendemängden har ökat med en femtedel på fem år.",
                "Handläggarna lägger mycket tid på kompletteringar."),
            problem=(
                "Många ansökningar kommer in ofullständiga.",
                "Sökande vet inte var i processen deras ärende befinner sig.",
                "Samma uppgifter matas in flera gånger i olika system."),
            current=(
                "Ansökningar görs på blanketter som skrivs ut och skickas in.",
                "Frågor om ärendets status besvaras per telefon.",
                "Beslut skickas med post."),
            outcomes=(
                ("Kortare handläggningstid", "dagar från ansökan till beslut", "42",
                 "högst 14"),
                ("Färre ofullständiga ansökningar", "andel ansökningar som kompletteras",
                 "40 %", "högst 10 %"),
                ("Nöjdare sökande", "nöjd-kund-index", "58", "minst 75"),
            ),
            requirements=(
                "Den sökande ska kunna se var ärendet befinner sig.",
                "Tjänsten ska uppfylla kraven i lagen om tillgänglighet till digital "
                "offentlig service.",
                "Uppgifter som redan finns ska inte behöva lämnas igen.",
                "Tjänsten ska fungera på svenska och engelska."),
        ),
        Texts(
            goals=("Simpler e-services", "Shorter handling times", "Fewer paper forms"),
            settings=("for building permits", "for grants to associations",
                      "for school transport", "for income support"),
            background=(
                "Residents expect to handle their business when it suits them.",
                "The number of cases has grown by a fifth in five years.",
                "Case officers spend much time on requests for more information."),
            problem=(
                "Many applications arrive incomplete.",
                "Applicants do not know where their case stands.",
                "The same information is entered several times in different systems."),
            current=(
                "Applications are made on forms that are printed and sent in.",
                "Questions about a case's status are answered by phone.",
                "Decisions are sent by post."),
            outcomes=(
                ("Shorter handling time", "days from application to decision", "42",
                 "at most 14"),
                ("Fewer incomplete applications", "share of applications needing more "
                 "information", "40 %", "at most 10 %"),
                ("More satisfied applicants", "customer satisfaction index", "58",
                 "at least 75"),
            ),
            requirements=(
                "Applicants can see where their case stands.",
                "The service meets the Web Accessibility Directive.",
                "Information already held need not be given again.",
                "The service works in Swedish and English."),
        ),
    ),
    Theme(
        "waste", ("905", "9051", "9091", "3416"), "services",
        Texts(
            goals=("Mer sorterat avfall", "Färre tömningar", "Renare offentliga platser"),
            settings=("i parkerna", "i flerbostadshusen", "vid återvinningsstationerna",
                      "i stadens verksamheter"),
            background=(
                "Mängden avfall per invånare har legat still i tio år.",
                "Sortering av matavfall är obligatorisk sedan 2024.",
                "Nedskräpning kostar stora belopp varje år."),
            problem=(
                "Kärl töms enligt schema, oavsett om de är fulla eller tomma.",
                "Mycket avfall sorteras fel och går till förbränning.",
                "Överfulla papperskorgar leder till nedskräpning."),
            current=(
                "Tömningar planeras på fasta turer.",
                "Sorteringsgraden mäts genom plockanalyser två gånger per år.",
                "Anmälningar om nedskräpning kommer in via telefon och e-post."),
            outcomes=(
                ("Mer avfall sorteras rätt", "andel rätt sorterat avfall", "55 %",
                 "minst 80 %"),
                ("Färre onödiga tömningar", "tömningar per kärl och månad", "8",
                 "högst 4"),
                ("Mindre skräp på allmän plats", "skräpindex", "3,2", "högst 1,5"),
            ),
            requirements=(
                "Tömningar ska kunna planeras efter hur fulla kärlen är.",
                "Invånarna ska få tydlig vägledning om hur avfallet sorteras.",
                "Lösningen ska tåla väder, vandalisering och vinterkyla.",
                "Effekten ska kunna följas upp per område och månad."),
        ),
        Texts(
            goals=("More sorted waste", "Fewer collections", "Cleaner public spaces"),
            settings=("in the parks", "in blocks of flats", "at recycling stations",
                      "in council services"),
            background=(
                "Waste per resident has stood still for ten years.",
                "Sorting food waste has been compulsory since 2024.",
                "Littering costs large sums every year."),
            problem=(
                "Bins are emptied on a schedule, whether full or empty.",
                "Much waste is sorted wrongly and incinerated.",
                "Overflowing litter bins lead to littering."),
            current=(
                "Collections are planned on fixed rounds.",
                "The sorting rate is measured by waste analyses twice a year.",
                "Reports of littering come in by phone and e-mail."),
            outcomes=(
                ("More waste sorted correctly", "share of waste sorted correctly", "55 %",
                 "at least 80 %"),
                ("Fewer needless collections", "collections per bin and month", "8",
                 "at most 4"),
                ("Less litter in public places", "litter index", "3.2", "at most 1.5"),
            ),
            requirements=(
                "Collections can be planned by how full bins are.",
                "Residents get clear guidance on how to sort their waste.",
                "The solution withstands weather, vandalism and winter cold.",
                "The effect can be followed up per area and month."),
        ),
    ),
    Theme(
        "water", ("6511", "4523", "9071", "7131"), "works",
        Texts(
            goals=("Färre översvämningar", "Mindre läckage i ledningsnätet",
                   "Renare dagvatten"),
            settings=("i de centrala delarna", "i villaområdena", "vid skyfall",
                      "längs åarna"),
            background=(
                "Skyfallen har blivit fler och kraftigare.",
                "En stor del av ledningsnätet är över femtio år gammalt.",
                "Dagvatten förs i dag direkt ut i sjöar och vattendrag."),
            problem=(
                "Källare och vägar översvämmas vid kraftiga regn.",
                "Var femte liter renat vatten läcker ut innan det når kranen.",
                "Föroreningar från gator når badplatserna."),
            current=(
                "Läckor hittas när vatten syns på marken.",
                "Ledningar byts efter ålder.",
                "Vattenkvaliteten provtas några gånger per sommar."),
            outcomes=(
                ("Färre översvämningsskador", "anmälda skador per år", "85", "högst 30"),
                ("Mindre läckage", "andel renat vatten som läcker", "20 %", "högst 10 %"),
                ("Renare badvatten", "dagar med badavrådan per sommar", "14", "högst 3"),
            ),
            requirements=(
                "Läckor ska kunna lokaliseras utan att gator grävs upp i onödan.",
                "Lösningen ska fungera tillsammans med befintligt ledningsnät.",
                "Uppgifter om vattennivåer ska finnas tillgängliga dygnet runt.",
                "Effekten ska kunna verifieras mot uppmätta flöden."),
        ),
        Texts(
            goals=("Fewer floods", "Less leakage from the mains", "Cleaner storm water"),
            settings=("in the central districts", "in residential areas",
                      "during cloudbursts", "along the rivers"),
            background=(
                "Cloudbursts have become more frequent and heavier.",
                "A large part of the mains is over fifty years old.",
                "Storm water is led straight into lakes and streams today."),
            problem=(
                "Basements and roads flood in heavy rain.",
                "One litre in five of treated water leaks before it reaches the tap.",
                "Pollution from streets reaches bathing sites."),
            current=(
                "Leaks are found when water appears above ground.",
                "Pipes are replaced by age.",
                "Water quality is sampled a few times each summer."),
            outcomes=(
                ("Fewer flood damages", "reported damages per year", "85", "at most 30"),
                ("Less leakage", "share of treated water leaking", "20 %", "at most 10 %"),
                ("Cleaner bathing water", "days with bathing advice per summer", "14",
                 "at most 3"),
            ),
            requirements=(
                "Leaks can be located without digging up streets needlessly.",
                "The solution works with the existing mains.",
                "Water level data is available around the clock.",
                "The effect can be verified against measured flows."),
        ),
    ),
    Theme(
        "learning", ("805", "8053", "3019", "4819"), "services",
        Texts(
            goals=("Bättre läsförståelse", "Fler elever som klarar matematiken",
                   "Färre elever som hoppar av"),
            settings=("i grundskolan", "på gymnasiet", "i vuxenutbildningen",
                      "i förskoleklass"),
            background=(
                "Resultaten i läsförståelse har sjunkit de senaste tio åren.",
                "Elevgrupperna är stora och olika.",
                "Lärarna har lite tid för att följa varje elev."),
            problem=(
                "Elever som halkar efter upptäcks för sent.",
                "Undervisningen är svår att anpassa efter varje elevs nivå.",
                "Många elever tappar motivationen under högstadiet."),
            current=(
                "Kunskaperna följs upp genom nationella prov.",
                "Stödinsatser sätts in efter terminens slut.",
                "Material köps in av varje skola för sig."),
            outcomes=(
                ("Fler elever når kunskapskraven", "andel elever med godkänt", "78 %",
                 "minst 90 %"),
                ("Tidigare stöd till elever som behöver det", "veckor till första insats",
                 "12", "högst 3"),
                ("Färre avhopp", "andel elever som avbryter", "9 %", "högst 4 %"),
            ),
            requirements=(
                "Läraren ska kunna se vilka elever som behöver stöd varje vecka.",
                "Lösningen ska kunna användas av elever med funktionsnedsättningar.",
                "Elevernas uppgifter ska hanteras enligt dataskyddsförordningen.",
                "Materialet ska finnas på svenska och de vanligaste modersmålen."),
        ),
        Texts(
            goals=("Better reading comprehension", "More pupils passing mathematics",
                   "Fewer drop-outs"),
            settings=("in compulsory school", "in upper secondary school",
                      "in adult education", "in pre-school class"),
            background=(
                "Reading comprehension results have fallen over the last ten years.",
                "Classes are large and varied.",
                "Teachers have little time to follow each pupil."),
            problem=(
                "Pupils who fall behind are noticed too late.",
                "Teaching is hard to fit to each pupil's level.",
                "Many pupils lose motivation in the lower secondary years."),
            current=(
                "Knowledge is followed up through national tests.",
                "Support is put in place after the end of term.",
                "Material is bought by each school on its own."),
            outcomes=(
                ("More pupils meet the knowledge requirements", "share of pupils passing",
                 "78 %", "at least 90 %"),
                ("Earlier support for pupils who need it", "weeks to first support", "12",
                 "at most 3"),
                ("Fewer drop-outs", "share of pupils dropping out", "9 %", "at most 4 %"),
            ),
            requirements=(
                "Teachers can see each week which pupils need support.",
                "The solution can be used by pupils with disabilities.",
                "Pupils' data is handled under the General Data Protection Regulation.",
                "Material is available in Swedish and the most common mother tongues."),
        ),
    ),
    Theme(
        "loneliness", ("853", "8531", "8532", "9850"), "social",
        Texts(
            goals=("Mindre ofrivillig ensamhet", "Fler meningsfulla aktiviteter",
                   "Starkare sociala nätverk"),
            settings=("bland äldre", "bland unga vuxna", "för nyanlända",
                      "i de nya bostadsområdena"),
            background=(
                "Var tionde invånare säger sig vara ofrivilligt ensam.",
                "Ensamhet ökar risken för ohälsa lika mycket som rökning.",
                "Föreningslivet har tappat medlemmar sedan pandemin."),
            problem=(
                "De som är mest ensamma nås inte av dagens verksamheter.",
                "Aktiviteter finns men är svåra att hitta.",
                "Många saknar någon att göra aktiviteterna tillsammans med."),
            current=(
                "Träffpunkterna har öppet några dagar i veckan.",
                "Information sprids på anslagstavlor och i broschyrer.",
                "Uppsökande verksamhet görs i projektform."),
            outcomes=(
                ("Färre upplever ofrivillig ensamhet", "andel som uppger ensamhet", "10 %",
                 "högst 6 %"),
                ("Fler deltar i aktiviteter", "deltagare per månad", "800", "minst 1 500"),
                ("Bättre självskattad hälsa", "andel med gott välbefinnande", "62 %",
                 "minst 72 %"),
            ),
            requirements=(
                "Insatsen ska nå personer som inte själva söker upp verksamheten.",
                "Deltagandet ska vara frivilligt och kostnadsfritt.",
                "Effekten ska kunna följas upp utan att enskilda pekas ut.",
                "Insatsen ska fungera på flera språk."),
        ),
        Texts(
            goals=("Less involuntary loneliness", "More meaningful activities",
                   "Stronger social networks"),
            settings=("among older people", "among young adults", "for newcomers",
                      "in the new housing areas"),
            background=(
                "One resident in ten says they are involuntarily lonely.",
                "Loneliness raises the risk of ill health as much as smoking.",
                "Associations have lost members since the pandemic."),
            problem=(
                "Those who are loneliest are not reached by today's services.",
                "Activities exist but are hard to find.",
                "Many have nobody to take part in activities with."),
            current=(
                "Meeting places are open a few days a week.",
                "Information is spread on notice boards and in leaflets.",
                "Outreach is run as projects."),
            outcomes=(
                ("Fewer feel involuntarily lonely", "share reporting loneliness", "10 %",
                 "at most 6 %"),
                ("More take part in activities", "participants per month", "800",
                 "at least 1,500"),
                ("Better self-rated health", "share reporting good well-being", "62 %",
                 "at least 72 %"),
            ),
            requirements=(
                "The service reaches people who do not seek it out themselves.",
                "Taking part is voluntary and free of charge.",
                "The effect can be followed up without singling out individuals.",
                "The service works in several languages."),
        ),
    ),
    Theme(
        "care_knowledge", ("8531", "8053", "7311", "8511"), "services",
        Texts(
            goals=("Bättre kunskap om demens", "Tryggare introduktion av ny personal",
                   "Färre avbrutna anställningar"),
            settings=("i hemtjänsten", "på vård- och omsorgsboenden", "i LSS-verksamheten",
                      "i socialtjänsten"),
            background=(
                "Många medarbetare saknar formell utbildning för sina uppgifter.",
                "Personalomsättningen är hög, särskilt under första året.",
                "Behovet av personal väntas öka kraftigt."),
            problem=(
                "Ny personal får en kort introduktion och lär sig på egen hand.",
                "Kunskapen om bemötande vid demens varierar mellan arbetsplatser.",
                "Utbildning på arbetstid är svår att planera in."),
            current=(
                "Introduktionen består av några dagars följeslagning.",
                "Utbildningar köps in av varje enhet för sig.",
                "Ingen samlad bild finns av medarbetarnas kompetens."),
            outcomes=(
                ("Fler medarbetare har grundkunskap", "andel med genomförd grundutbildning",
                 "45 %", "minst 90 %"),
                ("Färre lämnar under första året", "andel som slutar inom ett år", "30 %",
                 "högst 15 %"),
                ("Bättre bemötande", "andel nöjda brukare", "78 %", "minst 90 %"),
            ),
            requirements=(
                "Utbildningen ska kunna genomföras på arbetstid i korta pass.",
                "Innehållet ska vara begripligt för personer med svenska som andraspråk.",
                "Chefer ska kunna följa vilka som har genomfört utbildningen.",
                "Innehållet ska bygga på nationella riktlinjer."),
        ),
        Texts(
            goals=("Better knowledge of dementia", "A safer induction for new staff",
                   "Fewer staff leaving early"),
            settings=("in home care", "in residential care", "in disability services",
                      "in social services"),
            background=(
                "Many employees lack formal training for their tasks.",
                "Staff turnover is high, especially in the first year.",
                "The need for staff is expected to rise sharply."),
            problem=(
                "New staff get a short induction and learn on their own.",
                "Knowledge of dementia care varies between workplaces.",
                "Training during working hours is hard to schedule."),
            current=(
                "Induction consists of a few days shadowing a colleague.",
                "Each unit buys training on its own.",
                "There is no overall picture of staff skills."),
            outcomes=(
                ("More staff have basic knowledge", "share who completed basic training",
                 "45 %", "at least 90 %"),
                ("Fewer leave in the first year", "share leaving within a year", "30 %",
                 "at most 15 %"),
                ("Better care encounters", "share of satisfied service users", "78 %",
                 "at least 90 %"),
            ),
            requirements=(
                "Training can be done during working hours in short sessions.",
                "The content is understandable for people with Swedish as a second "
                "language.",
                "Managers can follow who has completed the training.",
                "The content follows the national guidelines."),
        ),
    ),
)

# Shared sections, in both languages.
CONSTRAINTS = {
    "sv": ("Lösningen ska kunna införas inom befintlig budgetram.",
           "Personuppgifter ska behandlas inom EU/EES.",
           "Införandet ska ske stegvis, med start i en pilotverksamhet.",
           "Verksamheten ska kunna pågå som vanligt under införandet."),
    "en": ("The solution can be introduced within the existing budget.",
           "Personal data is processed within the EU/EEA.",
           "Introduction is gradual, starting in a pilot service.",
           "The service continues as usual during introduction."),
}
ECOLOGICAL = {
    "sv": ("Lösningen ska bidra till att klimatmålen nås.",
           "Lösningen ska hushålla med material och energi.",
           "Transporter ska hållas nere och ske med förnybara bränslen."),
    "en": ("The solution contributes to meeting the climate targets.",
           "Materials and energy are used as efficiently as possible.",
           "Transport is kept down and uses renewable fuels."),
}
SOCIAL = {
    "sv": ("Lösningen ska vara tillgänglig för personer med funktionsnedsättning.",
           "Arbetsvillkoren i leverantörskedjan ska följa ILO:s kärnkonventioner.",
           "Leverantören ska erbjuda praktikplatser för personer långt från arbetsmarknaden."),
    "en": ("The solution is accessible to people with disabilities.",
           "Working conditions in the supply chain follow the ILO core conventions.",
           "The supplier offers work placements for people far from the labour market."),
}
TIMELINE = {
    "sv": "Marknadsdialog {year}, upphandling {next}, avtalsstart {start}.",
    "en": "Market dialogue {year}, tender {next}, contract start {start}.",
}
WHEN = {"sv": "inom två år", "en": "within two years"}
WHEN_YEAR = {"sv": "år {year}", "en": "by {year}"}

# What officers sometimes write although they should not: each one gives the need
# language check a finding (a brand, a prescribed means or a named technology).
SLIPS = {
    "sv": ("I dag används Excel för uppföljningen.",
           "Lösningen ska använda befintliga surfplattor.",
           "Personalen föreslår en app för att rapportera."),
    "en": ("Follow-up is done in Excel today.",
           "The solution must use the existing tablet computers.",
           "Staff suggest an app for reporting."),
}
