/*
materialized: snapshot
unique_key: [carrier, service_level]
strategy: check
check_cols: all
description: >
  The terms agreed with each carrier, as a history. The seed carrier_slas holds only the terms in
  force today and is edited when a contract is renegotiated; this snapshot keeps every version the
  builds have seen (valid_from, valid_to, is_current), so that the terms a shipment was promised
  stay known after the seed changes. Reports read the current terms with {{latest}}.
columns:
  carrier:
    tests: [not_null]
  service_level:
    tests: [not_null]
  promised_days:
    tests: [not_null]
*/
select carrier, service_level, carrier_name, promised_days
from {{ref "carrier_slas"}}
