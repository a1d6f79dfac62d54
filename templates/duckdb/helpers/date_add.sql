CAST(({{expr}}) + INTERVAL ({{amount}}) {{PART}} AS DATE)
