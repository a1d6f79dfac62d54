DATE_ADD(DATE({{expr}}), INTERVAL {{amount}} {{PART}})
