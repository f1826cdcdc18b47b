-- Given-name search keys for patients created before 0002, computed as
-- patientSearchKeys() does: NFKC, spaces removed, lower-cased (readings are
-- stored in katakana already).
UPDATE "patients"
SET "search_given_name" = lower(replace(normalize("given_name", NFKC), ' ', '')),
    "search_given_kana" = lower(replace(normalize("given_name_kana", NFKC), ' ', ''))
WHERE "search_given_name" = '' OR "search_given_kana" = '';
