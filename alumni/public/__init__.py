"""The public view: what anyone may see without signing in, as pages and as open data.

``visibility`` holds the one rule of what is public; ``pages`` and ``open_data`` read the
public MIDs through it, ``catalog`` describes the open data (DCAT-AP PL), ``throttle`` limits
anonymous traffic per address.
"""
