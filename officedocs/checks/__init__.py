"""Checks of loaded content, one module per kind: schema, registry, sop, laporan, urls, images.

Each check adds Problems with file, line and column; none of them writes anything.
"""
