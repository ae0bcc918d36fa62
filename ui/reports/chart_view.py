"""``ChartView``: a rendered chart, scaled down (never up) to fit, on the theme's page colour.

A click is reported as a fraction of the picture's width and height (``clicked_at``), so the window can
map it to a bar or a cell without knowing how the picture was scaled.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QImage, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.theme import current_theme


class ChartView(QWidget):
    clicked_at = Signal(float, float)  # x and y as fractions of the picture, 0..1 from its top left

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reportChart")
        self.image = QImage()
        self.setMinimumSize(240, 180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self.update()

    def sizeHint(self) -> QSize:
        return self.image.size() if not self.image.isNull() else QSize(480, 360)

    def picture_rect(self) -> QRectF:
        """Where the picture is drawn: as large as fits, at most its own size, centred."""
        if self.image.isNull():
            return QRectF()
        scale = min(1.0, self.width() / self.image.width(), self.height() / self.image.height())
        width, height = self.image.width() * scale, self.image.height() * scale
        return QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), current_theme().color("page"))
        if not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.drawImage(self.picture_rect(), self.image)
        painter.end()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        place = self.picture_rect()
        point = QPointF(event.position())
        if event.button() == Qt.MouseButton.LeftButton and place.contains(point):
            self.clicked_at.emit((point.x() - place.left()) / place.width(), (point.y() - place.top()) / place.height())
        super().mouseReleaseEvent(event)
