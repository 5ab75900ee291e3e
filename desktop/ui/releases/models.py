"""The Releases page's tables: the blocks, a patient's texts, and numbers that are not in use."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from desktop.core.clock import UK
from desktop.core.cost import format_pounds
from desktop.core.nhs_number import format_nhs_number
from desktop.core.phone import format_mobile
from desktop.services.release_board import BlockView, FailedNumber, PatientText
from desktop.services.replies import OtherReply
from desktop.ui.models.base import ColumnsModel, Index, ItemsModel

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_FIGURES = {3, 5, 6, 7, 8}  # the blocks' columns of numbers, right-aligned


def _day_and_time(moment: datetime | None) -> str:
    return f"{moment.astimezone(UK):%a %d/%m %H:%M}" if moment is not None else ""


class BlocksModel(ColumnsModel):
    columns = ("Campaign", "Block", "Due", "Texts", "State", "Sent", "Delivered", "Failed", "Cost")

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._views: list[BlockView] = []

    def set_views(self, views: list[BlockView]) -> None:
        self.beginResetModel()
        self._views = views
        self.endResetModel()

    def view(self, row: int) -> BlockView:
        return self._views[row]

    def row_of(self, campaign_id: int, sequence: int) -> int | None:
        return next(
            (r for r, v in enumerate(self._views) if (v.campaign_id, v.sequence) == (campaign_id, sequence)), None
        )

    def row_count(self) -> int:
        return len(self._views)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in _FIGURES:
            return _RIGHT
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        v = self._views[index.row()]
        cost = (
            f"{format_pounds(v.real_cost)} (Notify)"
            if v.real_cost is not None
            else f"{format_pounds(v.estimated_cost)} est."
        )
        texts = sum(v.counts.values()) or v.size
        return (
            v.campaign,
            f"Block {v.sequence}",
            _day_and_time(v.planned_at),
            f"{texts:,}",
            v.state,
            f"{v.sent:,}",
            f"{v.delivered:,}",
            f"{v.failed:,}",
            cost,
        )[index.column()]


class PatientTextsModel(ItemsModel[PatientText]):
    columns = ("When", "Campaign", "Patient", "Mobile", "What happened", "Message")
    tooltip_column = 5

    def cells(self, t: PatientText) -> tuple[object, ...]:
        status = f"{t.status}: {t.reason}" if t.reason else t.status
        who = f"{t.name} ({format_nhs_number(t.nhs_number)})" if t.nhs_number else t.name
        return (_day_and_time(t.when), t.campaign, who, format_mobile(t.mobile), status, t.body)


class FailedNumbersModel(ItemsModel[FailedNumber]):
    columns = ("When", "Campaign", "Patient", "NHS number", "Mobile not in use")

    def cells(self, f: FailedNumber) -> tuple[object, ...]:
        number = format_nhs_number(f.nhs_number) if f.nhs_number else ""
        return (_day_and_time(f.when), f.campaign, f.name, number, format_mobile(f.mobile))


class OtherRepliesModel(ItemsModel[OtherReply]):
    """A survey's replies that were neither YES nor NO, with the patient, for staff to decide whether to call."""

    columns = ("When", "Patient", "NHS number", "Mobile", "Reply")
    tooltip_column = 4

    def cells(self, r: OtherReply) -> tuple[object, ...]:
        number = format_nhs_number(r.nhs_number) if r.nhs_number else ""
        return (_day_and_time(r.received_at), r.name, number, format_mobile(r.mobile), r.body)
