from django.urls import path

from . import views

app_name = "articles"
urlpatterns = [path("<str:slug>/", views.tag_detail, name="tag")]
