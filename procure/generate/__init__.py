"""Generated data at city and national scale, for benchmarks and dashboards.

``flask --app procure generate-data --scale city|nation [--seed N]`` fills a migrated
database that has no needs yet (``commands``). ``generator`` runs the whole: the
parties (``parties``: buyers, officers, suppliers, interests), then need after need
(``needs`` and ``statements``) with its ``scenarios``, ``dialogues`` and ``pcp``, all
drawing from one seeded random source and sharing a ``context``; ``writer`` streams the
rows to the database in batches (PostgreSQL ``COPY``, Core ``executemany`` elsewhere).
The words live in data modules (``vocabulary``, ``themes``, ``dialogue_texts``,
``workflow_texts``); ``scales``, ``distributions`` and ``identifiers`` are pure helpers.
None of this imports Flask except the command.
"""
