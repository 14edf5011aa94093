namespace Scheduler.Cli.Commands;

/// <summary>The completion scripts for each shell. Each calls the very <c>sched</c> being completed.</summary>
public static class CompletionScripts
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => "autoload -U +X bashcompinit && bashcompinit\n" + Bash,
        "fish" => Fish,
        _ => throw new ArgumentException($"Unknown shell '{shell}'; expected one of {string.Join(", ", Shells)}", nameof(shell)),
    };

    private const string Bash = """
        _sched_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}" IFS=$'\n'
            local suggestions
            suggestions=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${suggestions}" -- "${cur}"))
            if [ ${#COMPREPLY[@]} -eq 0 ]; then
                COMPREPLY=($(compgen -f -- "${cur}"))
            fi
        }
        complete -o filenames -F _sched_complete sched ./sched

        """;

    private const string Fish = """
        function __sched_complete
            set -l line (commandline -cp)
            set -l suggestions (command (commandline -opc)[1] "[suggest:"(string length -- $line)"]" $line 2>/dev/null)
            if test (count $suggestions) -gt 0
                printf '%s\n' $suggestions
            else
                __fish_complete_path (commandline -ct)
            end
        end
        complete -c sched -f -a '(__sched_complete)'

        """;
}
