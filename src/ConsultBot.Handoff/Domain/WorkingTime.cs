namespace ConsultBot.Handoff;

/// <summary>Counts elapsed time within the configured working hours (for the claim SLA).</summary>
internal sealed class WorkingTime(WorkingHoursOptions options)
{
    private readonly TimeZoneInfo? _zone = options.Enabled ? TryFindTimeZone(options.TimeZone) : null;
    private readonly HashSet<DayOfWeek> _days = [.. options.EffectiveDays];

    public static TimeZoneInfo? TryFindTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
        catch (InvalidTimeZoneException)
        {
            return null;
        }
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan Elapsed(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        if (_zone is null)
        {
            return to - from;
        }

        var total = TimeSpan.Zero;
        var day = TimeZoneInfo.ConvertTime(from, _zone).Date;
        var lastDay = TimeZoneInfo.ConvertTime(to, _zone).Date;
        for (; day <= lastDay; day = day.AddDays(1))
        {
            if (!_days.Contains(day.DayOfWeek))
            {
                continue;
            }

            // Window of this day in absolute time (offsets resolved per day, so DST days are right).
            var start = ToInstant(day + options.Start);
            var end = ToInstant(day + options.End);
            var overlapStart = start > from ? start : from;
            var overlapEnd = end < to ? end : to;
            if (overlapEnd > overlapStart)
            {
                total += overlapEnd - overlapStart;
            }
        }

        return total;
    }

    /// <summary>True when the instant falls inside working hours.</summary>
    public bool IsWorkingTime(DateTimeOffset instant)
    {
        if (_zone is null)
        {
            return true;
        }

        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        return _days.Contains(local.DayOfWeek) && local.TimeOfDay >= options.Start && local.TimeOfDay < options.End;
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (_zone!.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(unspecified, _zone.GetUtcOffset(unspecified));
    }
}
