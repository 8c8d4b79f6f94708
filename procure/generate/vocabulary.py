"""Words the generated people, places and companies are made of. Pure module (data).

All invented: the places are combinations of common Swedish place-name parts, the
companies of ordinary words, the people of common first and family names.
"""
from __future__ import annotations

FIRST_NAMES = (
    "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Sofia", "Ingrid",
    "Linnea", "Elin", "Hanna", "Ida", "Maja", "Amira", "Fatima", "Leila", "Nora", "Johanna",
    "Lars", "Karl", "Erik", "Anders", "Johan", "Per", "Mikael", "Nils", "Jonas", "Olof",
    "Ahmed", "Ali", "Mohammed", "Oskar", "Viktor", "Gustav", "Daniel", "Emil", "Jakob", "Tomas",
)
FAMILY_NAMES = (
    "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson",
    "Persson", "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson",
    "Bengtsson", "Lindberg", "Lindström", "Lindqvist", "Berg", "Bergström", "Lundgren",
    "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson", "Forsberg",
    "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Håkansson", "Lund", "Holm",
    "Hassan", "Ali", "Mohammed", "Nyström", "Ekström", "Hedlund", "Åberg", "Öberg",
)

# Place names: a first part and an ending, as in Björkvik, Sandhamn, Ekeby.
PLACE_STARTS = (
    "Björk", "Sjö", "Ek", "Lind", "Ås", "Berg", "Sand", "Hög", "Norr", "Söder", "Väster",
    "Öster", "Ljung", "Mal", "Ros", "Gran", "Tall", "Al", "Hassel", "Fur", "Strand", "Kvarn",
    "Bro", "Hammar", "Dal", "Fors", "Lund", "Holm", "Vik", "Mark", "Ängel", "Hag", "Ram",
    "Sten", "Lo", "Ny", "Gull", "Silver", "Järn", "Koppar", "Tor", "Frö", "Od", "Ulv",
    "Karl", "Kristin", "Fridh", "Sol", "Rönn", "Ask",
)
PLACE_ENDINGS = (
    "by", "köping", "borg", "hamn", "sund", "vik", "dal", "fors", "å", "stad", "torp",
    "hult", "näs", "ryd", "holm", "berga", "sjö", "mark", "lunda", "åker", "strand", "bo",
)

# The city's administrations and companies: (code, Swedish name, English name, kind).
CITY_DEPARTMENTS = (
    ("UTB", "Utbildningsförvaltningen", "Education Administration", "administration"),
    ("AFF", "Äldreförvaltningen", "Elderly Care Administration", "administration"),
    ("TRF", "Trafikkontoret", "Transport Administration", "administration"),
    ("MHF", "Miljöförvaltningen", "Environment and Health Administration", "administration"),
    ("SLK", "Stadsledningskontoret", "City Executive Office", "administration"),
    ("SOC", "Socialförvaltningen", "Social Services Administration", "administration"),
    ("FSK", "Förskoleförvaltningen", "Pre-school Administration", "administration"),
    ("KUL", "Kulturförvaltningen", "Culture Administration", "administration"),
    ("IDR", "Idrottsförvaltningen", "Sports Administration", "administration"),
    ("FAS", "Fastighetskontoret", "Real Estate Office", "administration"),
    ("SBK", "Stadsbyggnadskontoret", "City Planning Office", "administration"),
    ("ARB", "Arbetsmarknadsförvaltningen", "Labour Market Administration", "administration"),
    ("SBF", "Skolfastigheter i Staden AB", "City School Properties Ltd", "company"),
    ("ENE", "Stadens Energi AB", "City Energy Ltd", "company"),
    ("VAT", "Stadens Vatten AB", "City Water Ltd", "company"),
    ("BOS", "Stadens Bostäder AB", "City Housing Ltd", "company"),
)
NATIONAL_REGIONS = 21  # Sweden's regions; the other buyer organisations are municipalities

# Company names: a distinctive word and what the company does.
COMPANY_WORDS = (
    "Norr", "Syd", "Väst", "Öst", "Nord", "Ljus", "Klar", "Grön", "Blå", "Skarp", "Fri",
    "Smart", "Snabb", "Trygg", "Stark", "Vass", "Mitt", "Bäst", "Första", "Ny", "Kvadrat",
    "Linje", "Punkt", "Kompass", "Fyr", "Bro", "Pelare", "Gnista", "Källa", "Rot", "Kvist",
    "Stig", "Våg", "Vind", "Sol", "Is", "Berg", "Dal", "Ek", "Lind", "Alm", "Lönn", "Björk",
)
COMPANY_TRADES = (
    "Data", "Analys", "Teknik", "Konsult", "Miljö", "Bygg", "Energi", "Omsorg", "Design",
    "Innovation", "System", "Logistik", "Mat", "Möbel", "Vård", "Trafik", "Vatten", "Grönyta",
    "Robotik", "Sensor", "Utbildning", "Fastighet", "Material", "Återbruk", "Kyla", "Ljud",
)
# Foreign companies: the VAT country, words and the legal form.
FOREIGN_FORMS = {"DK": "ApS", "FI": "Oy", "DE": "GmbH", "NL": "B.V.", "EE": "OÜ", "AT": "GmbH"}
FOREIGN_WORDS = ("Nordic", "Baltic", "Euro", "Urban", "Civic", "Smart", "Green", "Blue",
                 "Circular", "Future", "Open", "Clear", "Bright", "Solid", "Agile")
FOREIGN_TRADES = ("Systems", "Analytics", "Robotics", "Energy", "Mobility", "Health",
                  "Water", "Materials", "Sensors", "Software", "Labs", "Solutions")

ROOMS = {
    "sv": ("sal {n}", "konferensrum {n}", "mötesrum {n}", "hörsal {n}"),
    "en": ("room {n}", "conference room {n}", "meeting room {n}", "hall {n}"),
}
DIGITAL_PLACE = {"sv": "Digitalt möte (länken skickas till anmälda)",
                 "en": "Online meeting (the link is sent to those registered)"}
