{#-
    The raw offset of a body position, given the body_offsets run that holds it (alias `run`).
    side='start' maps an inclusive start, side='end' an exclusive end (the run must hold end - 1).
    Runs with sides of equal length map character by character; other runs map to their own ends.
-#}
{% macro raw_position(run, position, side) -%}
    case
        when {{ run }}.body_end - {{ run }}.body_start = {{ run }}.raw_end - {{ run }}.raw_start
            then {% if side == 'start' -%}
                {{ run }}.raw_start + ({{ position }} - {{ run }}.body_start)
            {%- else -%}
                {{ run }}.raw_end - ({{ run }}.body_end - {{ position }})
            {%- endif %}
        else {{ run }}.{{ 'raw_start' if side == 'start' else 'raw_end' }}
    end
{%- endmacro %}
