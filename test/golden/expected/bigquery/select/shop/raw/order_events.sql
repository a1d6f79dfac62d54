
select * from `golden-project.ingest.order_events`

