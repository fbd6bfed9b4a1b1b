# French news style: "mardi 18 mars 2025" and "mardi 18 mars 2025 à 14 h 05".
DATE_FORMAT = "l j F Y"
DATETIME_FORMAT = r"l j F Y \à G \h i"
SHORT_DATE_FORMAT = "d/m/Y"
TIME_FORMAT = r"G \h i"
