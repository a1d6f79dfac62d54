{{!-- After the target's view switched to an environment's candidate: the promotion is recorded
      with the publication's instant, so that a later publish by the target (another instant)
      shows the view no longer reads it. --}}
{{#statement}}DELETE FROM {{promotions}} WHERE node_id = {{quote node_id}}{{/statement}}
{{#statement}}
INSERT INTO {{promotions}} (environment, node_id, domain, product, major, relation, candidate, published_at)
SELECT {{quote environment}}, {{quote node_id}}, domain, product, major, {{quote relation}}, {{quote candidate}}, published_at
FROM {{state}}
WHERE domain = {{quote domain}} AND product = {{quote product}} AND major = {{major}}
{{/statement}}
