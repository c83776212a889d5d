"""Lake records: one frozen dataclass per lake table, from which its Arrow schema, its rows and its reading
back all follow.

A stage declares the rows it writes as a `Record` subclass with a `TABLE` name; the field annotations are
the columns (`str | None` is a nullable string, `datetime` a UTC timestamp, `date` a day, `list[X]` a list,
another `Record` a struct, `Annotated[list[int], pa.list_(pa.uint64())]` an explicit Arrow type). Rows go
into Parquet with `to_table` and come back with `from_table` under the same names, so a column is added in
one place: the dataclass.
"""

import dataclasses
import types
import typing
from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Annotated, ClassVar, Self, get_args, get_origin, get_type_hints

import pyarrow as pa

UTC_TIMESTAMP = pa.timestamp("us", tz="UTC")
_SCALARS: dict[type, pa.DataType] = {
    str: pa.string(),
    int: pa.int64(),
    float: pa.float64(),
    bool: pa.bool_(),
    datetime: UTC_TIMESTAMP,
    date: pa.date32(),
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Record:
    """A row of a lake table; subclasses set `TABLE` and declare the columns as fields, in column order."""

    TABLE: ClassVar[str] = ""

    @classmethod
    def arrow_schema(cls) -> pa.Schema:
        return _schema(cls)

    @classmethod
    def to_table(cls, records: Iterable[Self]) -> pa.Table:
        """The records as an Arrow table with the table's schema (an empty one still carries its columns)."""
        names = cls.arrow_schema().names
        rows = [{name: _plain(getattr(record, name)) for name in names} for record in records]
        return pa.Table.from_pylist(rows, schema=cls.arrow_schema())

    @classmethod
    def from_table(cls, table: pa.Table) -> list[Self]:
        """The table's rows as records; columns a file predates read as None, extra columns are ignored."""
        table = conform(cls, table)
        return [cls._from_row(row) for row in table.to_pylist()]

    @classmethod
    def _from_row(cls, row: dict) -> Self:
        values = {}
        for name, nested in _nested_types(cls):
            value = row.get(name)
            if nested is not None and value is not None:
                value = (
                    [nested._from_row(v) for v in value]
                    if isinstance(value, list)
                    else nested._from_row(value)
                )
            values[name] = value
        return cls(**values)


def conform(record_type: type[Record], data: pa.Table) -> pa.Table:
    """Select and cast a table to the record's schema, so every file of a table has the same columns.

    A column added to the record after a file was written reads as nulls: old batches stay readable."""
    schema = record_type.arrow_schema()
    for field in schema:
        if field.name not in data.column_names:
            data = data.append_column(field.name, pa.nulls(data.num_rows, field.type))
    return data.select(schema.names).cast(schema)


def _plain(value):
    if isinstance(value, Record):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@cache
def _field_types(cls: type) -> dict[str, object]:
    hints = get_type_hints(cls, include_extras=True)
    return {f.name: hints[f.name] for f in dataclasses.fields(cls)}


@cache
def _nested_types(cls: type) -> tuple[tuple[str, "type[Record] | None"], ...]:
    """Each field's name and the record type it nests (None for a plain column), worked out once per
    class: reading a table back calls this for every row."""
    return tuple((name, _record_type(hint)) for name, hint in _field_types(cls).items())


@cache
def _schema(cls: type[Record]) -> pa.Schema:
    return pa.schema([pa.field(name, arrow_type(hint)) for name, hint in _field_types(cls).items()])


def arrow_type(hint) -> pa.DataType:
    """The Arrow type of a field annotation."""
    if get_origin(hint) is Annotated:
        return get_args(hint)[1]
    hint = _without_none(hint)
    if hint in _SCALARS:
        return _SCALARS[hint]
    if get_origin(hint) is list:
        return pa.list_(arrow_type(get_args(hint)[0]))
    if isinstance(hint, type) and issubclass(hint, Record):
        return pa.struct([pa.field(n, arrow_type(h)) for n, h in _field_types(hint).items()])
    raise TypeError(f"no Arrow type for the annotation {hint!r}")


def _without_none(hint):
    if get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in get_args(hint) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return hint


def _record_type(hint) -> type[Record] | None:
    hint = _without_none(hint)
    if get_origin(hint) is list:
        hint = _without_none(get_args(hint)[0])
    return hint if isinstance(hint, type) and issubclass(hint, Record) else None
