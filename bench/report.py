"""The benchmark's table: each figure next to its target from issue #5."""

TARGETS = {
    "cached_ratio": ("≥ 0.5", lambda value: value >= 0.5),
    "nginx_ratio": ("≥ 0.9", lambda value: value >= 0.9),
    "uncached_article_p50": ("≤ 8 ms", lambda value: value <= 8),
    "queries": ("≤ 12", lambda value: value <= 12),
    "search_p95": ("≤ 50 ms", lambda value: value <= 50),
    "publish": ("≤ 1 s", lambda value: value is not None and value <= 1),
    "errors": ("0", lambda value: value == 0),
    "memory": ("≤ 150 MB", lambda value: value <= 150),
}


def load_text(result):
    return (
        f"{result['requests_per_second']:,.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms"
    )


def _article_queries(queries):
    return max(queries["shortest article"], queries["longest article"])


# (label, result key, how to show it, target, the value the target applies to)
ROWS = [
    ("Cached article (app, 64 conn.)", "cached_article", lambda r: load_text(r["app"]), None, None),
    ("Same bytes, nginx static file", "cached_article",
     lambda r: load_text(r["nginx_static_file"]), None, None),
    ("Ratio app / nginx", "cached_article", lambda r: r["ratio"], "cached_ratio",
     lambda r: r["ratio"]),
    ("Cached article via deploy/nginx.conf", "cached_article",
     lambda r: load_text(r["deploy_nginx"]), None, None),
    ("Ratio deploy nginx / static file", "cached_article", lambda r: r["deploy_ratio"],
     "nginx_ratio", lambda r: r["deploy_ratio"]),
    ("Cached front page", "cached_front", load_text, None, None),
    ("Cached section page", "cached_section", load_text, None, None),
    ("256 connections: errors", "spike_256_connections",
     lambda r: f"{r['errors']} of {r['requests']:,}", "errors", lambda r: r["errors"]),
    ("Uncached article, 1 conn., p50", "uncached_article", lambda r: f"{r['p50_ms']:.1f} ms",
     "uncached_article_p50", lambda r: r["p50_ms"]),
    ("Uncached article p99", "uncached_article", lambda r: f"{r['p99_ms']:.1f} ms", None, None),
    ("Uncached article, instructions", "uncached_article_instructions",
     lambda r: f"{r['millions']} M per render ({r['articles']} articles)", None, None),
    ("Queries per article (short/long)", "queries_per_page",
     lambda r: f"{r['shortest article']} / {r['longest article']}", "queries", _article_queries),
    ("Uncached front page", "uncached_front", load_text, None, None),
    ("Queries, front page", "queries_per_page", lambda r: r["front page"], None, None),
    ("Uncached section page", "uncached_section", load_text, None, None),
    ("Queries, section page", "queries_per_page", lambda r: r["section"], None, None),
    ("Search p95 (20 queries)", "search", lambda r: f"{r['p95_ms']:.1f} ms", "search_p95",
     lambda r: r["p95_ms"]),
    ("Article first visit: HTML+CSS+JS+fonts", "bytes_on_wire",
     lambda r: f"{r['text_total']:,} B", None, None),
    ("Article first visit: images", "bytes_on_wire", lambda r: f"{r.get('images', 0):,} B",
     None, None),
]  # fmt: skip


def table(results):
    rows = [("Figure", "Value", "Target", "")]
    rows += [_row(results, *spec) for spec in ROWS if spec[1] in results]
    rows += _per_item_rows(results, "publish_to_visible_s", "Publish to visible: {}",
                           lambda seconds: f"{seconds} s", "publish")  # fmt: skip
    rows += _per_item_rows(results, "peak_memory_mb", "Peak memory, {}",
                           lambda mb: f"{mb} MB", "memory")  # fmt: skip
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _row(results, label, key, show, target, measured):
    result = results[key]
    if "error" in result:
        return (label, f"failed: {result['error'][:60]}", "", "")
    if target is None:
        return (label, show(result), "", "")
    text, met = TARGETS[target]
    return (label, show(result), text, "ok" if met(measured(result)) else "MISSED")


def _per_item_rows(results, key, label, show, target):
    items = results.get(key, {})
    if "error" in items:
        return [(label.format("all"), f"failed: {items['error'][:60]}", "", "")]
    text, met = TARGETS[target]
    return [
        (label.format(name), show(value), text, "ok" if met(value) else "MISSED")
        for name, value in items.items()
        if name != "other"
    ]
