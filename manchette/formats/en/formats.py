DATE_FORMAT = "l, F j, Y"
DATETIME_FORMAT = "l, F j, Y, g:i a"
SHORT_DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "g:i a"
