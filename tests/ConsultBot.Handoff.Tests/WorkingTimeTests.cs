namespace ConsultBot.Handoff.Tests;

public sealed class WorkingTimeTests
{
    private static readonly WorkingTime Hours = new(new WorkingHoursOptions());

    [Fact]
    public void Counts_only_working_hours_in_Warsaw()
    {
        // Mon 23 Nov 2026 09:00 Warsaw (08:00 UTC) to 18:00 Warsaw: 7 working hours (09–16).
        var from = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(7), Hours.Elapsed(from, from.AddHours(9)));
    }

    [Fact]
    public void Weekend_does_not_count()
    {
        // Fri 27 Nov 15:00 Warsaw → Mon 30 Nov 09:00 Warsaw: 1 h on Friday + 1 h on Monday.
        var friday = new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);
        var monday = new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(2), Hours.Elapsed(friday, monday));
        Assert.False(Hours.IsWorkingTime(friday.AddDays(1)));
    }

    [Fact]
    public void Disabled_working_hours_count_wall_time()
    {
        var clock = new WorkingTime(new WorkingHoursOptions { Enabled = false });
        var from = new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(30), clock.Elapsed(from, from.AddHours(30)));
    }
}
