-- placeholder until wt-demo lands: the date a user joined (到岗日期)
ALTER TABLE users ADD COLUMN joined_on TEXT;
