"""The clickable body map of the self-screening: front and back, left and right."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# (dx from the midline, y) on a 120 x 300 figure; the runner's left is the viewer's right from the front.
SPOTS = {
    "front": {
        "groin": (9, 130),
        "anterior_hip": (19, 116),
        "lateral_hip": (31, 124),
        "anterior_thigh": (18, 160),
        "anterior_knee": (17, 198),
        "lateral_knee": (27, 203),
        "medial_knee": (8, 205),
        "shin": (16, 238),
        "ankle": (16, 272),
        "midfoot": (18, 283),
        "forefoot": (20, 293),
    },
    "back": {
        "thoracic": (7, 66),
        "low_back": (7, 100),
        "buttock": (15, 130),
        "lateral_hip": (31, 120),
        "posterior_thigh": (18, 165),
        "posterior_knee": (17, 200),
        "lateral_knee": (28, 205),
        "medial_knee": (7, 205),
        "calf": (17, 230),
        "achilles": (16, 260),
        "posterior_heel": (16, 274),
        "plantar_heel": (16, 289),
    },
}
OUTLINE = (
    '<circle cx="60" cy="20" r="14" class="body"/><rect x="38" y="36" width="44" height="96" rx="12" class="body"/>'
    '<rect x="24" y="40" width="12" height="80" rx="6" class="body"/><rect x="84" y="40" width="12" height="80" rx="6" class="body"/>'
    '<rect x="40" y="124" width="18" height="160" rx="8" class="body"/><rect x="62" y="124" width="18" height="160" rx="8" class="body"/>'
)


@register.simple_tag
def body_map(regions, selected=()):
    """Two SVG figures whose spots toggle the matching body_map checkbox (see bodymap.js)."""
    figures = []
    for view, x0 in (("front", 0), ("back", 130)):
        spots = []
        for region in regions:
            if region.view != view or region.region not in SPOTS[view]:
                continue
            dx, y = SPOTS[view][region.region]
            left_is_viewer_right = view == "front"
            sign = 1 if (region.side == "left") == left_is_viewer_right else -1
            spots.append(
                (region.id, 60 + sign * dx, y, "on" if region.id in selected else "", region.id.replace("_", " "))
            )
        circles = format_html_join(
            "",
            '<circle class="spot {}" data-region="{}" cx="{}" cy="{}" r="6" tabindex="0" role="button" aria-label="{}"></circle>',
            ((cls, rid, cx, cy, label) for rid, cx, cy, cls, label in spots),
        )
        figures.append(
            format_html(
                '<g transform="translate({},0)">{}{}<text x="60" y="298" text-anchor="middle" font-size="10">{}</text></g>',
                x0,
                mark_safe(OUTLINE),
                circles,
                view,
            )
        )
    return format_html(
        '<svg id="body-map" viewBox="0 0 250 302" role="group" aria-label="Body map: front and back">{}</svg>',
        mark_safe("".join(figures)),
    )
