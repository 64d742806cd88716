"""One module per policy document, named after its text file's stem.

* `.doumen_2023_guide` — 2023年斗门区坚持制造业当家促进实体经济高质量发展若干措施申报指南（第一批）
* `.guangdong_2020_cluster_plan` — 粤工信工业互联网函〔2020〕492号 广东省特色产业集群数字化转型试点2020年工作方案
* `.guangdong_2022_cluster_pilot` — 粤工信工业互联网函〔2022〕14号 产业集群数字化转型试点（含实施细则、行业指南榜单）
* `.shaoguan_cluster_pilot_guide` — 韶关市产业集群数字化转型试点项目申报指南（有色金属）
* `.zhongshan_digital_measures` — 中山市推进制造业数字化智能化转型发展若干措施（征求意见稿）
"""
