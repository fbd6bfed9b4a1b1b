from django.dispatch import Signal

# Sent with `instance=<ArticlePage>` whenever what readers see of an article changes outside
# a page publish (a comment approved, rejected or edited…): the page cache listens to it.
article_changed = Signal()
