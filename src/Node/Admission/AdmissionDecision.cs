namespace RustyOnions.Node.Admission;

/// <summary>What admission control decided for a new request.</summary>
public enum AdmissionDecision
{
    /// <summary>Run it (it holds a gate place if the app is gated).</summary>
    Admitted,

    /// <summary>429 OVER_QUOTA: the tenant's bucket for this app is empty.</summary>
    OverQuota,

    /// <summary>503 OVERLOAD: the in-flight gate is full.</summary>
    Overload,
}
