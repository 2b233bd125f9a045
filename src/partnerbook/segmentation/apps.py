from django.apps import AppConfig


class SegmentationConfig(AppConfig):
    name = "partnerbook.segmentation"
    label = "segmentation"
    verbose_name = "Segmentation"
