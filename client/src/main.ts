// Chat client entry (issue 6).
