from django.db import transaction


def refresh_related_on_publish(sender, instance, **kwargs):
    """A published or edited article gets its related articles computed, off the request path."""
    from .related import related_refresh_task

    transaction.on_commit(lambda: related_refresh_task.enqueue(instance.pk))
