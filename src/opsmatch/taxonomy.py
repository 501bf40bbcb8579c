"""The ids and Chinese labels of the five competencies and the operations sub-types.

These ids are the stable public contract; the lexicon files carry the same ids.
"""

from __future__ import annotations

__all__ = ["COMPETENCIES", "FAMILIES", "OPERATIONS_SUBTYPES", "SUBTYPES", "SUBTYPE_FAMILY"]

COMPETENCIES: dict[str, str] = {
    "data_analysis": "数据分析能力",
    "user_insight": "用户洞察能力",
    "market_analysis": "市场分析能力",
    "copywriting": "文案写作能力",
    "project_management": "项目管理能力",
}

SUBTYPES: dict[str, str] = {
    "user_ops": "用户运营",
    "content_ops": "内容运营",
    "activity_ops": "活动运营",
    "product_ops": "产品运营",
    "new_media_ops": "新媒体运营",
    "community_ops": "社群运营",
    "app_ops": "APP运营",
    "online_promotion": "网络推广",
    "market_promotion": "市场推广",
    "data_ops": "数据运营",
    "seo_sem": "SEO/SEM运营",
    "ad_ops": "广告投放运营",
    "traffic_ops": "流量运营",
    "ecommerce_ops": "电商运营",
    "other": "非运营岗位",
}

OPERATIONS_SUBTYPES: tuple[str, ...] = tuple(k for k in SUBTYPES if k != "other")

FAMILIES: dict[str, str] = {
    "content_media": "内容与新媒体",
    "users_community": "用户与社群",
    "product_data": "产品与数据",
    "promotion_traffic": "推广与流量",
    "ecommerce": "电商",
    "other": "非运营",
}
"""The six families of ``ANNOTATION.md``: neighbouring sub-types that readers themselves mix."""

SUBTYPE_FAMILY: dict[str, str] = {
    "content_ops": "content_media",
    "new_media_ops": "content_media",
    "user_ops": "users_community",
    "community_ops": "users_community",
    "activity_ops": "users_community",
    "product_ops": "product_data",
    "data_ops": "product_data",
    "online_promotion": "promotion_traffic",
    "market_promotion": "promotion_traffic",
    "seo_sem": "promotion_traffic",
    "ad_ops": "promotion_traffic",
    "traffic_ops": "promotion_traffic",
    "app_ops": "promotion_traffic",
    "ecommerce_ops": "ecommerce",
    "other": "other",
}
"""Sub-type id -> family id."""
