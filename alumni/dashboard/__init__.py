"""The ministry's view: every MID's life status, reporting, needs, trends and lineage at a glance.

Set-based throughout: each page costs a constant number of SQL statements whatever the
number of MIDs, and every function takes its moment ``as_of`` explicitly.
"""
