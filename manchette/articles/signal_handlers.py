from django.db import transaction


def enqueue_publish_tasks(sender, instance, **kwargs):
    """A published or edited article gets its related articles computed and its photos
    resized by the worker, off the request path."""
    from .related import related_refresh_task
    from .renditions import article_renditions_create_task

    def enqueue():
        related_refresh_task.enqueue(instance.pk)
        article_renditions_create_task.enqueue(instance.pk)

    transaction.on_commit(enqueue)
