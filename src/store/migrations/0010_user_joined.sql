-- 到岗日期: the day a member of staff joined (YYYY-MM-DD), so that the annual report can
-- count the professional staff a bureau gained in a year (述法报告: "充实129名专业人才").
-- Nullable: accounts made before this column, and those whose date nobody recorded.
ALTER TABLE users ADD COLUMN joined_on TEXT;
