"""The real PIM programme as the seed documents name it (see DOMAIN.md).

Editions, networks, participants and MID topics are real. Where the seeds do not name
a network's members or a MID's topic, the entry is marked ``illustrative``.
"""

from datetime import date

# code, name, start year, end year
EDITIONS = [
    ("PIM I", "Partnerska Inicjatywa Miast I (pilotaż)", 2017, 2019),
    ("PIM II", "Partnerska Inicjatywa Miast II", 2021, 2023),
    ("PIM III", "Partnerska Inicjatywa Miast III", 2024, 2026),
]

# edition, Polish name, English name, theme, day the network's joint work ended
NETWORKS = [
    ("PIM I", "Mobilność miejska", "Urban mobility", "Mobilność miejska (lider: Gdynia)", date(2019, 10, 23)),
    ("PIM I", "Rewitalizacja", "Revitalisation", "Rewitalizacja (lider: Łódź)", date(2019, 10, 23)),
    ("PIM I", "Jakość powietrza", "Air quality", "Jakość powietrza", date(2019, 10, 23)),
    ("PIM II", "Sieć Zielona", "Green network",
     "Zielone inwestycje miejskie, rozwiązania oparte na przyrodzie", date(2023, 3, 31)),
    ("PIM II", "Sieć PPP", "Public-private partnership network",
     "Partnerstwo publiczno-prywatne jako narzędzie realizacji inwestycji miejskich", date(2023, 3, 31)),
    ("PIM II", "Sieć Cyfrowa", "Digital network", "Rozwiązania cyfrowe dla miast", date(2023, 3, 31)),
    ("PIM III", "Miasto Kompaktowe", "Compact city", "Miasto kompaktowe", date(2026, 3, 31)),
    ("PIM III", "Miasto Efektywne Energetycznie", "Energy-efficient city",
     "Efektywność energetyczna miast", date(2026, 3, 31)),
    ("PIM III", "Miasto Dostępnych Mieszkań", "Affordable-housing city", "Dostępne mieszkania", date(2026, 3, 31)),
]

# name, kind, voivodeship, approximate population, illustrative
PARTICIPANTS = [
    ("Gdynia", "city", "pomorskie", 243000, False),
    ("Łódź", "city", "łódzkie", 655000, False),
    ("Kudowa-Zdrój", "city", "dolnośląskie", 9500, False),
    ("Nowy Sącz", "city", "małopolskie", 82000, False),
    ("ZMG w Żywcu", "association", "śląskie", 150000, False),
    ("Opalenica", "municipality", "wielkopolskie", 17000, False),
    ("Skawina", "municipality", "małopolskie", 44000, False),
    ("Toruń", "city", "kujawsko-pomorskie", 196000, False),
    ("BOF", "association", "podlaskie", 360000, False),
    ("Pszczyna", "municipality", "śląskie", 53000, False),
    ("Nowa Ruda", "city", "dolnośląskie", 21000, False),
    ("Żmigród", "municipality", "dolnośląskie", 14000, False),
    ("Bojanowo", "municipality", "wielkopolskie", 9000, False),
    ("Rawicz", "municipality", "wielkopolskie", 29000, False),
    ("Białystok", "city", "podlaskie", 292000, False),
    ("Dębica", "city", "podkarpackie", 44000, False),
    ("Iłowa", "municipality", "lubuskie", 6800, False),
    ("Krzywiń", "municipality", "wielkopolskie", 9500, False),
    ("Lidzbark Warmiński", "city", "warmińsko-mazurskie", 15000, False),
    ("Piława Górna", "city", "dolnośląskie", 6400, False),
    ("Rzeszów", "city", "podkarpackie", 196000, False),
    ("Świdnica", "city", "dolnośląskie", 55000, False),
    ("Wyszków", "municipality", "mazowieckie", 40000, False),
    ("Gdańsk", "city", "pomorskie", 486000, False),
    ("Kostrzyn nad Odrą", "city", "lubuskie", 17000, False),
    ("Lublin", "city", "lubelskie", 334000, False),
    ("Międzyrzec Podlaski", "city", "lubelskie", 16000, False),
    ("Racibórz", "city", "śląskie", 52000, False),
    ("Ruda Śląska", "city", "śląskie", 134000, False),
    ("Słupsk", "city", "pomorskie", 88000, False),
    ("Uniejów", "municipality", "łódzkie", 6500, False),
    ("Żory", "city", "śląskie", 61000, False),
    ("Żyrardów", "city", "mazowieckie", 39000, False),
    ("Koszalin", "city", "zachodniopomorskie", 105000, False),
    ("Kołobrzeg", "city", "zachodniopomorskie", 46000, False),
    ("Świdwin", "city", "zachodniopomorskie", 15000, False),
    ("Poznań", "city", "wielkopolskie", 540000, False),
    ("Bełchatów", "city", "łódzkie", 55000, False),
    ("Dąbrowa Górnicza", "city", "śląskie", 115000, False),
    ("Mińsk Mazowiecki", "city", "mazowieckie", 40000, False),
    # PIM III members are not named in the seeds: invented, and marked so.
    ("Miasto Przykładowe A (dane ilustracyjne)", "city", "wielkopolskie", 120000, True),
    ("Miasto Przykładowe B (dane ilustracyjne)", "city", "małopolskie", 64000, True),
    ("Miasto Przykładowe C (dane ilustracyjne)", "city", "podlaskie", 35000, True),
    ("MOF Przykładowy D (dane ilustracyjne)", "mof", "śląskie", 410000, True),
    ("Miasto Przykładowe E (dane ilustracyjne)", "city", "opolskie", 48000, True),
    ("Miasto Przykładowe F (dane ilustracyjne)", "city", "świętokrzyskie", 71000, True),
    ("Miasto Przykładowe G (dane ilustracyjne)", "city", "lubuskie", 27000, True),
    ("Miasto Przykładowe H (dane ilustracyjne)", "city", "kujawsko-pomorskie", 93000, True),
    ("MOF Przykładowy I (dane ilustracyjne)", "mof", "pomorskie", 250000, True),
]

# participant, network, MID title, illustrative (True where the seeds do not name the topic)
MIDS = [
    ("Gdynia", "Mobilność miejska", "Zrównoważona mobilność miejska Gdyni", True),
    ("Łódź", "Rewitalizacja", "Rewitalizacja obszarowa centrum Łodzi", True),
    ("Kudowa-Zdrój", "Jakość powietrza", "Edukacja na rzecz ochrony powietrza", False),
    ("Nowy Sącz", "Jakość powietrza", "Ograniczenie niskiej emisji i edukacja ekologiczna", False),
    ("ZMG w Żywcu", "Jakość powietrza",
     "Zanieczyszczenia komunikacyjne, wymiana pieców i edukacja mieszkańców", False),
    ("Opalenica", "Jakość powietrza", "Poprawa jakości powietrza w Opalenicy", True),
    ("Skawina", "Jakość powietrza", "Ograniczenie niskiej emisji i zanieczyszczeń przemysłowych", False),
    ("Toruń", "Jakość powietrza", "Edukacja i finansowanie działań na rzecz jakości powietrza", False),
    ("BOF", "Jakość powietrza",
     "Ograniczenie emisji, efektywność energetyczna i świadomość mieszkańców Białostockiego Obszaru Funkcjonalnego",
     False),
    ("Pszczyna", "Jakość powietrza", "Niskoemisyjny transport w Pszczynie", False),
    ("Nowa Ruda", "Jakość powietrza", "Czyste powietrze w Nowej Rudzie", True),
    ("Żmigród", "Jakość powietrza", "Czyste powietrze w Żmigrodzie", True),
    ("Bojanowo", "Jakość powietrza", "Czyste powietrze w Bojanowie", True),
    ("Rawicz", "Jakość powietrza", "Czyste powietrze w Rawiczu", True),
    ("Białystok", "Sieć Cyfrowa",
     "Zintegrowane zarządzanie miastem poprzez bardziej zintegrowane rozwiązania informatyczne", False),
    ("Dębica", "Sieć Cyfrowa", "Bezpieczeństwo przestrzeni publicznej", False),
    ("Iłowa", "Sieć Cyfrowa",
     "Zintegrowany system zarządzania informacją jednostek administracji publicznej", False),
    ("Krzywiń", "Sieć Cyfrowa",
     "Cyfrowa integracja systemów w elektronicznym biurze obsługi inwestora", False),
    ("Lidzbark Warmiński", "Sieć Cyfrowa",
     "System integrujący informację przestrzenną, monitoring, transport publiczny i dane zarządzania kryzysowego",
     False),
    ("Łódź", "Sieć Cyfrowa", "Koncepcja Portalu Mieszkańca", False),
    ("Piława Górna", "Sieć Cyfrowa",
     "Rozwiązanie informatyczne uszczelniające system opłat za odpady komunalne", False),
    ("Rzeszów", "Sieć Cyfrowa", "Cyfryzacja procesów biznesowych urzędu miasta", False),
    ("Świdnica", "Sieć Cyfrowa", "Architektura Informacji Miejskiej dla nieruchomości miasta", False),
    ("Wyszków", "Sieć Cyfrowa",
     "Uszczelnienie naliczania i poboru opłaty za odpady rozwiązaniem informatycznym", False),
    ("Gdańsk", "Sieć Zielona", "Dobre praktyki zazieleniania małych przestrzeni miejskich", False),
    ("Kostrzyn nad Odrą", "Sieć Zielona", "Zieleń przyuliczna i osiedlowa", False),
    ("Lublin", "Sieć Zielona", "Zielone Serce Miasta", False),
    ("Międzyrzec Podlaski", "Sieć Zielona", "Zielony Międzyrzec", False),
    ("Racibórz", "Sieć Zielona", "Systemowe i pilotażowe rozwiązania adaptacji do zmian klimatu", False),
    ("Ruda Śląska", "Sieć Zielona",
     "Zielona droga czarnego miasta: zielony korytarz łączący dwie doliny rzeczne", False),
    ("Słupsk", "Sieć Zielona",
     "Spowolnienie odpływu wód opadowych dzięki błękitno-zielonej infrastrukturze i małej retencji "
     "na Podgrodziu i Osiedlu Zachód", False),
    ("Uniejów", "Sieć Zielona", "Zielony Uniejów", False),
    ("Żory", "Sieć Zielona", "Zielona transformacja osiedla górniczego Gwarków", False),
    ("Żyrardów", "Sieć Zielona", "Zielony Żyrardów: od edukacji do rewitalizacji", False),
    ("Koszalin", "Sieć PPP", "Przygotowanie projektu PPP: budynki użyteczności publicznej", True),
    ("Kołobrzeg", "Sieć PPP", "Przygotowanie projektu PPP: infrastruktura transportowa", True),
    ("Świdwin", "Sieć PPP", "Przygotowanie projektu PPP: rewitalizacja", True),
    ("Poznań", "Sieć PPP", "Przygotowanie projektu PPP: infrastruktura transportowa", True),
    ("Bełchatów", "Sieć PPP", "Przygotowanie projektu PPP: budynki użyteczności publicznej", True),
    ("Dąbrowa Górnicza", "Sieć PPP", "Przygotowanie projektu PPP: rewitalizacja", True),
    ("Mińsk Mazowiecki", "Sieć PPP", "Przygotowanie projektu PPP: budynki użyteczności publicznej", True),
    ("Miasto Przykładowe A (dane ilustracyjne)", "Miasto Kompaktowe", "Zwarte śródmieście (ilustracyjny)", True),
    ("Miasto Przykładowe B (dane ilustracyjne)", "Miasto Kompaktowe",
     "Zagospodarowanie terenów poprzemysłowych (ilustracyjny)", True),
    ("Miasto Przykładowe C (dane ilustracyjne)", "Miasto Kompaktowe",
     "Przeciwdziałanie rozlewaniu się miasta (ilustracyjny)", True),
    ("MOF Przykładowy D (dane ilustracyjne)", "Miasto Efektywne Energetycznie",
     "Termomodernizacja budynków publicznych w MOF (ilustracyjny)", True),
    ("Miasto Przykładowe E (dane ilustracyjne)", "Miasto Efektywne Energetycznie",
     "Miejska strategia energetyczna (ilustracyjny)", True),
    ("Miasto Przykładowe F (dane ilustracyjne)", "Miasto Efektywne Energetycznie",
     "Oświetlenie uliczne LED i zarządzanie energią (ilustracyjny)", True),
    ("Miasto Przykładowe G (dane ilustracyjne)", "Miasto Dostępnych Mieszkań",
     "Społeczna agencja najmu (ilustracyjny)", True),
    ("Miasto Przykładowe H (dane ilustracyjne)", "Miasto Dostępnych Mieszkań",
     "Mieszkania na wynajem z zasobu gminy (ilustracyjny)", True),
    ("MOF Przykładowy I (dane ilustracyjne)", "Miasto Dostępnych Mieszkań",
     "Rewitalizacja pustostanów na mieszkania (ilustracyjny)", True),
]

LEADERS = {("Gdynia", "Mobilność miejska"), ("Łódź", "Rewitalizacja")}

# Illustrative actions, by network theme: (title, responsible unit, budget in PLN, funding source)
ACTIONS_BY_THEME = {
    "Mobilność miejska": [
        ("Plan zrównoważonej mobilności miejskiej", "Wydział Transportu", 250000, "budżet miasta"),
        ("Strefa uspokojonego ruchu w śródmieściu", "Zarząd Dróg i Zieleni", 1800000, "FEnIKS"),
        ("Parkingi P&R przy węzłach przesiadkowych", "Wydział Inwestycji", 6400000, "FEnIKS"),
        ("Kampania promująca transport publiczny", "Biuro Komunikacji Społecznej", 120000, "budżet miasta"),
    ],
    "Rewitalizacja": [
        ("Aktualizacja gminnego programu rewitalizacji", "Biuro Rewitalizacji", 300000, "budżet miasta"),
        ("Remont kamienic komunalnych", "Zarząd Lokali Miejskich", 12000000, "program regionalny"),
        ("Centrum aktywności lokalnej", "Wydział Spraw Społecznych", 900000, "EFS+"),
        ("Konsultacje z mieszkańcami obszaru", "Biuro Rewitalizacji", 80000, "budżet miasta"),
    ],
    "Jakość powietrza": [
        ("Wymiana źródeł ciepła w budynkach komunalnych", "Wydział Ochrony Środowiska", 2500000,
         "Czyste Powietrze"),
        ("Punkt doradztwa energetycznego dla mieszkańców", "Wydział Ochrony Środowiska", 150000, "WFOŚiGW"),
        ("Sieć czujników jakości powietrza", "Wydział Zarządzania Kryzysowego", 200000, "budżet miasta"),
        ("Edukacja ekologiczna w szkołach", "Wydział Edukacji", 60000, "WFOŚiGW"),
        ("Kontrole palenisk", "Straż Miejska", 40000, "budżet miasta"),
    ],
    "Sieć Zielona": [
        ("Inwentaryzacja zieleni miejskiej", "Zarząd Zieleni", 180000, "budżet miasta"),
        ("Ogrody deszczowe przy budynkach publicznych", "Wydział Inwestycji", 700000, "FEnIKS"),
        ("Zazielenienie podwórek z mieszkańcami", "Zarząd Zieleni", 350000, "budżet obywatelski"),
        ("Standardy błękitno-zielonej infrastruktury", "Biuro Architekta Miasta", 90000, "budżet miasta"),
        ("Zbiorniki małej retencji", "Wodociągi Miejskie", 2200000, "NFOŚiGW"),
    ],
    "Sieć PPP": [
        ("Analiza przedrealizacyjna przedsięwzięcia PPP", "Wydział Rozwoju", 400000, "budżet miasta"),
        ("Test rynku z potencjalnymi partnerami", "Wydział Rozwoju", 30000, "budżet miasta"),
        ("Wybór partnera prywatnego", "Biuro Zamówień Publicznych", 250000, "budżet miasta"),
        ("Budowa i odbiór przedsięwzięcia", "Wydział Inwestycji", 45000000, "PPP"),
    ],
    "Sieć Cyfrowa": [
        ("Analiza procesów i wymagań", "Wydział Informatyki", 150000, "budżet miasta"),
        ("Integracja systemów dziedzinowych", "Wydział Informatyki", 1200000, "FERC"),
        ("Wdrożenie e-usług dla mieszkańców", "Wydział Obsługi Mieszkańców", 800000, "FERC"),
        ("Szkolenia pracowników urzędu", "Biuro Kadr", 60000, "budżet miasta"),
    ],
    "Miasto Kompaktowe": [
        ("Analiza chłonności terenów", "Biuro Planowania Przestrzennego", 200000, "budżet miasta"),
        ("Plan ogólny gminy", "Biuro Planowania Przestrzennego", 600000, "KPO"),
        ("Pilotaż zagospodarowania terenu poprzemysłowego", "Wydział Inwestycji", 3500000, "FEnIKS"),
    ],
    "Miasto Efektywne Energetycznie": [
        ("Audyt energetyczny budynków publicznych", "Wydział Gospodarki Komunalnej", 250000, "budżet miasta"),
        ("Termomodernizacja szkół", "Wydział Inwestycji", 8000000, "FEnIKS"),
        ("System zarządzania energią", "Wydział Informatyki", 900000, "NFOŚiGW"),
    ],
    "Miasto Dostępnych Mieszkań": [
        ("Diagnoza potrzeb mieszkaniowych", "Wydział Polityki Mieszkaniowej", 120000, "budżet miasta"),
        ("Społeczna agencja najmu", "Wydział Polityki Mieszkaniowej", 500000, "BGK"),
        ("Adaptacja pustostanów", "Zarząd Lokali Miejskich", 4000000, "Fundusz Dopłat"),
    ],
}

# name, opens, due, closes (Europe/Warsaw)
ROUNDS = [
    ("2025 H2", date(2025, 11, 3), date(2025, 12, 15), date(2026, 1, 30)),
    ("2026 H1", date(2026, 5, 4), date(2026, 6, 15), date(2026, 7, 31)),
    ("2026 H2", date(2026, 11, 2), date(2026, 12, 14), date(2027, 1, 29)),
]

WORKSHOPS = [
    (2026, date(2026, 12, 8), date(2026, 12, 10), "Warszawa (dane ilustracyjne)"),
]

BARRIER_TEXTS = {
    "financial": "Brak wkładu własnego na kolejny etap.",
    "legal": "Niejasne przepisy dotyczące zamówień w formule PPP.",
    "staffing": "Odejście członka zespołu MID z urzędu.",
    "organisational": "Trudna koordynacja między wydziałami.",
    "public_procurement": "Unieważniony przetarg, brak ofert w budżecie.",
    "technical": "Niezgodność formatów danych między systemami.",
}
