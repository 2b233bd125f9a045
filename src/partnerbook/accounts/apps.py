from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "partnerbook.accounts"
    label = "accounts"
    verbose_name = "Users, roles and API tokens"
