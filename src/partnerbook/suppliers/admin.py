from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Category, Contact, Supplier, Tag


@admin.register(Supplier)
class SupplierAdmin(SimpleHistoryAdmin):
    list_display = ("name", "status", "category", "country", "relationship_owner", "archived")
    list_filter = ("status", "archived", "category")
    search_fields = ("name", "legal_name", "external_id")


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ("name", "parent")
    search_fields = ("name",)


@admin.register(Contact)
class ContactAdmin(SimpleHistoryAdmin):
    list_display = ("name", "supplier", "side", "function", "level")
    list_filter = ("side", "function", "level")


admin.site.register(Tag)
