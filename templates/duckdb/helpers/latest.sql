(SELECT * EXCLUDE (snapshot_id, valid_from, valid_to, is_current, is_deleted) FROM {{relation}} WHERE is_current AND NOT is_deleted)
