from django.urls import path

from . import views

app_name = "readership"
urlpatterns = [path("lu/<int:article_id>.gif", views.read_beacon, name="beacon")]
