"""Each person's working day: the start page lists their own work, each item a link to
where it is done. Above the domains: it reads needs, dialogues, PCP, suppliers and mail.

Every list is one SELECT, whatever its length, so a busy officer's start page costs the
same number of statements as a quiet one's.
"""
