{#- The grain of a table without a single-column key: fails on every duplicated combination.
    A local stand-in for dbt_utils.unique_combination_of_columns (dbt Hub is unreachable). -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set columns_csv = combination_of_columns | join(', ') %}

select
    {{ columns_csv }},
    count(*) as n_records

from {{ model }}
group by {{ columns_csv }}
having count(*) > 1

{% endtest %}
