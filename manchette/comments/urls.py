from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("<int:article_id>/", views.comment_post, name="post"),
    path("<int:article_id>/repondre/<int:comment_id>/", views.comment_reply, name="reply"),
    path("signaler/<int:comment_id>/", views.comment_flag, name="flag"),
]
