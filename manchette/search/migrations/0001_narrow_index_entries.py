"""Index entries kept narrow on PostgreSQL: their texts and vectors stored out of line.

A search for a common word visits every matching entry to keep the newest (a word in two
thirds of 100,000 articles: 67,000 entries). With the texts inline, five entries fill a page
and that visit read 20,000 pages (about 100 ms); stored out of line, an article's entry
takes some 130 bytes and the 100,000 fit in 1,800 pages.
Entries written before this migration keep their layout until `manchette update_index`
writes them again.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def narrow_entries(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # A row over PostgreSQL's 2 kB threshold (an article's entry) has its long values
        # moved out of line until it is under 128 bytes, the least PostgreSQL allows, rather
        # than only under 2 kB; the ids, object ids and content types stay in the row.
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128)")


def default_entries(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [migrations.RunPython(narrow_entries, default_entries)]
