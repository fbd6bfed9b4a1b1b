from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [
    path("sujets/<str:slug>/", views.tag_detail, name="tag"),
    path("archives/<int:year>/<int:month>/<int:day>/", views.archive_day, name="archive_day"),
]
