"""The benchmark's table: each figure next to its target from issue #5."""

TARGETS = {
    "cached_ratio": ("≥ 0.5", lambda value: value >= 0.5),
    "uncached_article_p50": ("≤ 8 ms", lambda value: value <= 8),
    "queries": ("≤ 12", lambda value: value <= 12),
    "search_p95": ("≤ 50 ms", lambda value: value <= 50),
    "publish": ("≤ 1 s", lambda value: value is not None and value <= 1),
    "errors": ("0", lambda value: value == 0),
    "memory": ("≤ 150 MB", lambda value: value <= 150),
}


def table(results):
    rows = [("Figure", "Value", "Target", "")]
    rows += _cached_rows(results)
    rows += _uncached_rows(results)
    rows += _other_rows(results)
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             for row in rows]  # fmt: skip
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _row(label, value, target=None, measured=None):
    if target is None:
        return (label, value, "", "")
    text, met = TARGETS[target]
    return (label, value, text, "ok" if met(measured) else "MISSED")


def _load_text(result):
    return (
        f"{result['requests_per_second']:,.0f} req/s, p50 {result['p50_ms']:.1f} ms, "
        f"p99 {result['p99_ms']:.1f} ms"
    )


def _cached_rows(results):
    article = results["cached_article"]
    rows = [
        _row("Cached article (app, 64 conn.)", _load_text(article["app"])),
        _row("Same bytes, nginx static file", _load_text(article["nginx_static_file"])),
        _row("Ratio app / nginx", article["ratio"], "cached_ratio", article["ratio"]),
    ]
    if "deploy_nginx" in results:
        deployed = results["deploy_nginx"]
        rows.append(_row("Cached article via deploy/nginx.conf", _load_text(deployed["nginx"])))
        rows.append(_row("Ratio deploy nginx / static", deployed["ratio"]))
    rows.append(_row("Cached front page", _load_text(results["cached_front"])))
    rows.append(_row("Cached section page", _load_text(results["cached_section"])))
    spike = results["spike_256_connections"]
    rows.append(
        _row("256 connections: errors", f"{spike['errors']} of {spike['requests']:,}",
             "errors", spike["errors"])
    )  # fmt: skip
    return rows


def _uncached_rows(results):
    article = results["uncached_article"]
    queries = results["queries_per_page"]
    article_queries = max(queries["shortest article"], queries["longest article"])
    return [
        _row("Uncached article, 1 conn., p50", f"{article['p50_ms']:.1f} ms",
             "uncached_article_p50", article["p50_ms"]),
        _row("Uncached article p99", f"{article['p99_ms']:.1f} ms"),
        _row("Queries per article (short/long)",
             f"{queries['shortest article']} / {queries['longest article']}",
             "queries", article_queries),
        _row("Uncached front page", _load_text(results["uncached_front"])),
        _row("Queries, front page", queries["front page"]),
        _row("Uncached section page", _load_text(results["uncached_section"])),
        _row("Queries, section page", queries["section"]),
        _row("Search p95 (20 queries)", f"{results['search']['p95_ms']:.1f} ms",
             "search_p95", results["search"]["p95_ms"]),
    ]  # fmt: skip


def _other_rows(results):
    rows = [
        _row(f"Publish to visible: {where}", f"{seconds} s", "publish", seconds)
        for where, seconds in results["publish_to_visible_s"].items()
    ]
    wire = results["bytes_on_wire"]
    rows.append(_row("Article first visit: HTML+CSS+JS+fonts", f"{wire['text_total']:,} B"))
    rows.append(_row("Article first visit: images", f"{wire.get('images', 0):,} B"))
    rows += [
        _row(f"Peak memory, {role}", f"{peak} MB", "memory", peak)
        for role, peak in results["peak_memory_mb"].items()
        if role != "other"
    ]
    return rows
