"""Reporting completeness: who had to report in a round, who did, who did on time.

``states`` holds the report states that count (no other import, so that the life-status
rule can use it); ``completeness`` holds the expected / received / on-time expressions.
"""
