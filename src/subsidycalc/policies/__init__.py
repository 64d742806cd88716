"""One module per policy document, named after its text file's stem.

* :mod:`.doumen_2023_guide` — 2023年斗门区坚持制造业当家促进实体经济高质量发展若干措施申报指南（第一批）
"""
