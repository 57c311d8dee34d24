<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ActionRules</name>
    <message>
        <source>only tasks that need verification can be verified</source>
        <translation>nur Aufgaben, die eine Prüfung brauchen, können bestätigt werden</translation>
    </message>
    <message>
        <source>only tasks that need verification or input can be rejected</source>
        <translation>nur Aufgaben, die eine Prüfung oder Eingabe brauchen, können abgelehnt werden</translation>
    </message>
    <message>
        <source>only tasks that need input can be answered</source>
        <translation>nur Aufgaben, die eine Eingabe brauchen, können beantwortet werden</translation>
    </message>
    <message>
        <source>a worker is on it; kill it before retrying</source>
        <translation>ein Worker arbeitet daran; vor dem Wiederholen beenden</translation>
    </message>
    <message>
        <source>it is already finished</source>
        <translation>sie ist bereits abgeschlossen</translation>
    </message>
    <message>
        <source>it is already dead</source>
        <translation>sie ist bereits aufgegeben</translation>
    </message>
    <message>
        <source>no retry is queued</source>
        <translation>keine Wiederholung ist eingeplant</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>another action on it is still pending</source>
        <translation>eine andere Aktion dafür ist noch ausstehend</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Bestätigen</translation>
    </message>
    <message>
        <source>Verify with Note</source>
        <translation>Mit Notiz bestätigen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Antworten</translation>
    </message>
    <message>
        <source>Force Retry</source>
        <translation>Wiederholung erzwingen</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Mark Dead</source>
        <translation>Als aufgegeben markieren</translation>
    </message>
    <message>
        <source>Cancel Retry</source>
        <translation>Wiederholung abbrechen</translation>
    </message>
    <message>
        <source>Marks the task done: you checked the worker&apos;s result.</source>
        <translation>Markiert die Aufgabe als erledigt: Sie haben das Ergebnis des Workers geprüft.</translation>
    </message>
    <message>
        <source>Fails the task, or, with &quot;retry&quot;, queues a new attempt now that carries your note to the orchestrator.</source>
        <translation>Lässt die Aufgabe fehlschlagen oder plant mit „Wiederholen“ sofort einen neuen Versuch ein, der Ihre Notiz an den Orchestrator mitnimmt.</translation>
    </message>
    <message>
        <source>Sends your answer to the worker session if it is still alive, otherwise to its orchestrator with a respawn of the task.</source>
        <translation>Sendet Ihre Antwort an die Worker-Sitzung, falls sie noch läuft, sonst an ihren Orchestrator zusammen mit einem Neustart der Aufgabe.</translation>
    </message>
    <message>
        <source>Dispatches a retry right away, ignoring the backoff and the retry budget.</source>
        <translation>Startet sofort eine Wiederholung, ohne Wartezeit und Wiederholungsbudget zu beachten.</translation>
    </message>
    <message>
        <source>Cancels the worker session (if one is running) and marks the task dead.</source>
        <translation>Bricht die Worker-Sitzung ab (falls eine läuft) und markiert die Aufgabe als aufgegeben.</translation>
    </message>
    <message>
        <source>Marks the task dead without touching any worker session.</source>
        <translation>Markiert die Aufgabe als aufgegeben, ohne eine Worker-Sitzung anzutasten.</translation>
    </message>
    <message>
        <source>Drops the queued retry; the task becomes dead.</source>
        <translation>Verwirft die eingeplante Wiederholung; die Aufgabe gilt als aufgegeben.</translation>
    </message>
    <message numerus="yes">
        <source>%n verification check(s) not ticked yet</source>
        <translation>
            <numerusform>%n Prüfschritt noch nicht abgehakt</numerusform>
            <numerusform>%n Prüfschritte noch nicht abgehakt</numerusform>
        </translation>
    </message>
    <message>
        <source>open it and tick its verification checks first</source>
        <translation>erst öffnen und die Prüfschritte abhaken</translation>
    </message>
    <message>
        <source>only tasks in the Inbox (needs input or verification) can be claimed</source>
        <translation>nur Aufgaben im Posteingang (brauchen Eingabe oder Prüfung) können übernommen werden</translation>
    </message>
    <message>
        <source>you claim it already</source>
        <translation>Sie haben sie schon übernommen</translation>
    </message>
    <message>
        <source>nobody claims it</source>
        <translation>niemand hat sie übernommen</translation>
    </message>
    <message>
        <source>%1 claimed this task %2 ago. Act anyway?</source>
        <translation>%1 hat diese Aufgabe vor %2 übernommen. Trotzdem ausführen?</translation>
    </message>
    <message numerus="yes">
        <source>Claimed by someone else: %1 of these %n task(s) (%2). Act on them anyway?</source>
        <translation>
            <numerusform>Von jemand anderem übernommen: %1 dieser %n Aufgabe (%2). Trotzdem ausführen?</numerusform>
            <numerusform>Von jemand anderem übernommen: %1 dieser %n Aufgaben (%2). Trotzdem ausführen?</numerusform>
        </translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Release Claim</source>
        <translation>Übernahme aufheben</translation>
    </message>
    <message>
        <source>Tells the other consoles that you handle this Inbox item; they see your name on it and are asked before they act on it.</source>
        <translation>Zeigt den anderen Konsolen, dass Sie sich um diesen Eintrag im Posteingang kümmern; sie sehen Ihren Namen daran und werden gefragt, bevor sie darauf handeln.</translation>
    </message>
    <message>
        <source>Takes the claim off the task, so that it is anyone&apos;s again.</source>
        <translation>Hebt die Übernahme der Aufgabe auf, sodass sie wieder allen offensteht.</translation>
    </message>
</context>
<context>
    <name>ClaimWords</name>
    <message>
        <source>you</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <comment>operator @ console host</comment>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>claimed by you</source>
        <translation>von Ihnen übernommen</translation>
    </message>
    <message>
        <source>claimed by %1</source>
        <translation>übernommen von %1</translation>
    </message>
</context>
<context>
    <name>ConnectionAdvice</name>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbinde</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>Anmeldung</translation>
    </message>
    <message>
        <source>Catching up</source>
        <translation>Gleiche ab</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Verbinde erneut</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>This device is waiting for approval</source>
        <translation>Dieses Gerät wartet auf Freigabe</translation>
    </message>
    <message>
        <source>The gateway does not know this console yet (or it asks for more rights than it was paired with).</source>
        <translation>Das Gateway kennt diese Konsole noch nicht (oder sie verlangt mehr Rechte, als bei der Kopplung gewährt wurden).</translation>
    </message>
    <message>
        <source>Approve this device on the gateway host: openclaw devices approve %1 — then press Connect.</source>
        <translation>Geben Sie dieses Gerät auf dem Gateway-Rechner frei: openclaw devices approve %1 – und klicken Sie dann auf „Verbinden“.</translation>
    </message>
    <message>
        <source>The pairing request was rejected</source>
        <translation>Die Kopplungsanfrage wurde abgelehnt</translation>
    </message>
    <message>
        <source>Someone declined this device on the gateway.</source>
        <translation>Jemand hat dieses Gerät auf dem Gateway abgelehnt.</translation>
    </message>
    <message>
        <source>Ask the gateway&apos;s owner to approve it, then press Connect to send a new request.</source>
        <translation>Bitten Sie den Betreiber des Gateways um Freigabe und klicken Sie dann auf „Verbinden“, um eine neue Anfrage zu senden.</translation>
    </message>
    <message>
        <source>The pairing request expired</source>
        <translation>Die Kopplungsanfrage ist abgelaufen</translation>
    </message>
    <message>
        <source>Nobody approved this device in time.</source>
        <translation>Niemand hat dieses Gerät rechtzeitig freigegeben.</translation>
    </message>
    <message>
        <source>Press Connect to send a new request, then approve it with: openclaw devices approve &lt;requestId&gt;</source>
        <translation>Klicken Sie auf „Verbinden“, um eine neue Anfrage zu senden, und geben Sie sie frei mit: openclaw devices approve &lt;requestId&gt;</translation>
    </message>
    <message>
        <source>The token was rejected</source>
        <translation>Das Token wurde abgelehnt</translation>
    </message>
    <message>
        <source>The gateway token you gave does not match the gateway&apos;s.</source>
        <translation>Das angegebene Gateway-Token stimmt nicht mit dem des Gateways überein.</translation>
    </message>
    <message>
        <source>Paste the gateway token shown by `openclaw gateway auth-token --show` on the gateway host.</source>
        <translation>Fügen Sie das Gateway-Token ein, das `openclaw gateway auth-token --show` auf dem Gateway-Rechner anzeigt.</translation>
    </message>
    <message>
        <source>The gateway needs a token</source>
        <translation>Das Gateway braucht ein Token</translation>
    </message>
    <message>
        <source>No token was sent and this device has no device token for this gateway yet.</source>
        <translation>Es wurde kein Token gesendet, und dieses Gerät hat noch kein Geräte-Token für dieses Gateway.</translation>
    </message>
    <message>
        <source>The stored device token is no longer valid</source>
        <translation>Das gespeicherte Geräte-Token ist nicht mehr gültig</translation>
    </message>
    <message>
        <source>The gateway revoked or rotated the token it issued to this device.</source>
        <translation>Das Gateway hat das für dieses Gerät ausgestellte Token widerrufen oder erneuert.</translation>
    </message>
    <message>
        <source>Connect once with the shared gateway token; the gateway issues a new device token.</source>
        <translation>Verbinden Sie sich einmal mit dem gemeinsamen Gateway-Token; das Gateway stellt dann ein neues Geräte-Token aus.</translation>
    </message>
    <message>
        <source>This device lacks operator rights</source>
        <translation>Diesem Gerät fehlen Operator-Rechte</translation>
    </message>
    <message>
        <source>It was paired with fewer scopes than the console needs (operator read and write).</source>
        <translation>Es wurde mit weniger Berechtigungen gekoppelt, als die Konsole braucht (Operator lesen und schreiben).</translation>
    </message>
    <message>
        <source>Re-pair: run `openclaw devices list` on the gateway host and approve the scope upgrade request.</source>
        <translation>Neu koppeln: Führen Sie `openclaw devices list` auf dem Gateway-Rechner aus und geben Sie die Anfrage zur Rechteerweiterung frei.</translation>
    </message>
    <message>
        <source>Too many sign-in attempts</source>
        <translation>Zu viele Anmeldeversuche</translation>
    </message>
    <message>
        <source>The gateway is refusing sign-ins for a while.</source>
        <translation>Das Gateway lehnt Anmeldungen vorübergehend ab.</translation>
    </message>
    <message>
        <source>Wait a minute, check the token, then press Connect.</source>
        <translation>Warten Sie eine Minute, prüfen Sie das Token und klicken Sie dann auf „Verbinden“.</translation>
    </message>
    <message>
        <source>The device signature was too old</source>
        <translation>Die Gerätesignatur war zu alt</translation>
    </message>
    <message>
        <source>This computer&apos;s clock and the gateway&apos;s differ by more than two minutes.</source>
        <translation>Die Uhr dieses Computers und die des Gateways weichen um mehr als zwei Minuten voneinander ab.</translation>
    </message>
    <message>
        <source>Fix the clock (enable NTP) on either machine, then press Connect.</source>
        <translation>Stellen Sie die Uhr auf einem der beiden Rechner richtig (NTP einschalten) und klicken Sie dann auf „Verbinden“.</translation>
    </message>
    <message>
        <source>The device identity was refused</source>
        <translation>Die Geräteidentität wurde abgelehnt</translation>
    </message>
    <message>
        <source>The gateway could not check this device&apos;s signature.</source>
        <translation>Das Gateway konnte die Signatur dieses Geräts nicht prüfen.</translation>
    </message>
    <message>
        <source>Press Connect to try again; if it persists, remove the device on the gateway and pair again.</source>
        <translation>Klicken Sie auf „Verbinden“, um es erneut zu versuchen; bleibt der Fehler, entfernen Sie das Gerät auf dem Gateway und koppeln Sie neu.</translation>
    </message>
    <message>
        <source>The gateway speaks another protocol version</source>
        <translation>Das Gateway spricht eine andere Protokollversion</translation>
    </message>
    <message>
        <source>This ClawOps and the gateway are too far apart in version.</source>
        <translation>Die Versionen dieses ClawOps und des Gateways liegen zu weit auseinander.</translation>
    </message>
    <message>
        <source>Update ClawOps or the gateway so that they match.</source>
        <translation>Aktualisieren Sie ClawOps oder das Gateway, sodass sie zueinander passen.</translation>
    </message>
    <message>
        <source>The gateway is starting</source>
        <translation>Das Gateway startet</translation>
    </message>
    <message>
        <source>It accepted the connection but is not ready yet.</source>
        <translation>Es hat die Verbindung angenommen, ist aber noch nicht bereit.</translation>
    </message>
    <message>
        <source>Nothing to do: ClawOps tries again on its own.</source>
        <translation>Nichts zu tun: ClawOps versucht es selbst erneut.</translation>
    </message>
    <message>
        <source>The gateway did not answer the sign-in</source>
        <translation>Das Gateway hat auf die Anmeldung nicht geantwortet</translation>
    </message>
    <message>
        <source>The socket opened but no reply came in time.</source>
        <translation>Die Verbindung wurde geöffnet, aber es kam nicht rechtzeitig eine Antwort.</translation>
    </message>
    <message>
        <source>Check that the URL points at an OpenClaw gateway (ws://host:18789/).</source>
        <translation>Prüfen Sie, ob die URL auf ein OpenClaw-Gateway zeigt (ws://host:18789/).</translation>
    </message>
    <message>
        <source>The connection failed</source>
        <translation>Die Verbindung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>The connection failed (%1)</source>
        <translation>Die Verbindung ist fehlgeschlagen (%1)</translation>
    </message>
    <message>
        <source>Reconnecting in %1</source>
        <translation>Neuer Verbindungsversuch in %1</translation>
    </message>
    <message>
        <source>Stopped: needs you</source>
        <translation>Angehalten: braucht Sie</translation>
    </message>
    <message>
        <source>Not connecting without encryption</source>
        <translation>Keine Verbindung ohne Verschlüsselung</translation>
    </message>
    <message>
        <source>ws:// to another machine would send the gateway token in clear text.</source>
        <translation>ws:// zu einem anderen Rechner würde das Gateway-Token im Klartext senden.</translation>
    </message>
    <message>
        <source>Use a wss:// address, or allow unencrypted connections explicitly (--allow-insecure, or the connect dialog).</source>
        <translation>Verwenden Sie eine wss://-Adresse oder erlauben Sie unverschlüsselte Verbindungen ausdrücklich (--allow-insecure oder im Verbindungsdialog).</translation>
    </message>
</context>
<context>
    <name>EngineWords</name>
    <message>
        <source>finished</source>
        <translation>wurde beendet</translation>
    </message>
    <message>
        <source>failed with an error</source>
        <translation>ist mit einem Fehler gescheitert</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>hat das Zeitlimit überschritten</translation>
    </message>
    <message>
        <source>was killed</source>
        <translation>wurde abgebrochen</translation>
    </message>
    <message>
        <source>was reset</source>
        <translation>wurde zurückgesetzt</translation>
    </message>
    <message>
        <source>was deleted</source>
        <translation>wurde gelöscht</translation>
    </message>
    <message>
        <source>was interrupted by a gateway restart</source>
        <translation>wurde durch einen Neustart des Gateways unterbrochen</translation>
    </message>
    <message>
        <source>ended for an unknown reason</source>
        <translation>endete aus unbekanntem Grund</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>Worker %1</translation>
    </message>
    <message>
        <source>result rejected by an operator</source>
        <translation>Ergebnis von einem Operator abgelehnt</translation>
    </message>
    <message>
        <source>answered by an operator; the worker was gone</source>
        <translation>von einem Operator beantwortet; der Worker war nicht mehr da</translation>
    </message>
    <message>
        <source>forced by an operator</source>
        <translation>von einem Operator erzwungen</translation>
    </message>
    <message>
        <source>restored after a restart</source>
        <translation>nach einem Neustart wiederhergestellt</translation>
    </message>
    <message>
        <source>spawn requested</source>
        <translation>Start angefordert</translation>
    </message>
    <message>
        <source>the gateway did not accept the spawn</source>
        <translation>das Gateway hat den Start nicht angenommen</translation>
    </message>
    <message>
        <source>the spawn was accepted without a worker session</source>
        <translation>der Start wurde ohne Worker-Sitzung angenommen</translation>
    </message>
    <message>
        <source>worker started</source>
        <translation>Worker gestartet</translation>
    </message>
    <message>
        <source>respawned as the next attempt</source>
        <translation>als nächster Versuch neu gestartet</translation>
    </message>
    <message>
        <source>out of retries; the last worker %1</source>
        <translation>keine Wiederholungen mehr; der letzte Worker %1</translation>
    </message>
    <message>
        <source>retry %1 queued; the worker %2</source>
        <translation>Wiederholung %1 eingeplant; der Worker %2</translation>
    </message>
    <message>
        <source>retry %1 queued by an operator</source>
        <translation>Wiederholung %1 von einem Operator eingeplant</translation>
    </message>
    <message>
        <source>retry sent (%1)</source>
        <translation>Wiederholung gesendet (%1)</translation>
    </message>
    <message>
        <source>retry sent for an operator</source>
        <translation>Wiederholung für einen Operator gesendet</translation>
    </message>
    <message>
        <source>no respawn within %1 s after the retry to %2</source>
        <translation>kein Neustart innerhalb von %1 s nach der Wiederholung an %2</translation>
    </message>
    <message>
        <source>verified automatically after the grace window</source>
        <translation>nach Ablauf der Karenzzeit automatisch bestätigt</translation>
    </message>
    <message>
        <source>grace window over; the receipt lists nothing to verify</source>
        <translation>Karenzzeit abgelaufen; die Quittung nennt nichts zu prüfen</translation>
    </message>
    <message>
        <source>grace window over without a receipt</source>
        <translation>Karenzzeit ohne Quittung abgelaufen</translation>
    </message>
    <message>
        <source>the worker became an orchestrator</source>
        <translation>der Worker wurde zum Orchestrator</translation>
    </message>
    <message>
        <source>worker reports done; verification listed</source>
        <translation>Worker meldet Erledigung; Prüfpunkte genannt</translation>
    </message>
    <message>
        <source>worker reports done; nothing to verify</source>
        <translation>Worker meldet Erledigung; nichts zu prüfen</translation>
    </message>
    <message>
        <source>worker reports done without verification items</source>
        <translation>Worker meldet Erledigung ohne Prüfpunkte</translation>
    </message>
    <message>
        <source>worker reports it is blocked</source>
        <translation>Worker meldet, dass er blockiert ist</translation>
    </message>
    <message>
        <source>worker reports it failed</source>
        <translation>Worker meldet einen Fehlschlag</translation>
    </message>
    <message>
        <source>verified by an operator</source>
        <translation>von einem Operator bestätigt</translation>
    </message>
    <message>
        <source>rejected by an operator</source>
        <translation>von einem Operator abgelehnt</translation>
    </message>
    <message>
        <source>answered by an operator</source>
        <translation>von einem Operator beantwortet</translation>
    </message>
    <message>
        <source>killed by an operator</source>
        <translation>von einem Operator abgebrochen</translation>
    </message>
    <message>
        <source>marked dead by an operator</source>
        <translation>von einem Operator als aufgegeben markiert</translation>
    </message>
    <message>
        <source>retry cancelled by an operator</source>
        <translation>Wiederholung von einem Operator abgebrochen</translation>
    </message>
    <message>
        <source>Task %1 verified and done.</source>
        <translation>Aufgabe %1 bestätigt und erledigt.</translation>
    </message>
    <message>
        <source>Task %1 rejected.</source>
        <translation>Aufgabe %1 abgelehnt.</translation>
    </message>
    <message>
        <source>Task %1 rejected; a retry with your note is queued.</source>
        <translation>Aufgabe %1 abgelehnt; eine Wiederholung mit Ihrer Notiz ist eingeplant.</translation>
    </message>
    <message>
        <source>Answer sent to worker %1; task %2 resumes.</source>
        <translation>Antwort an Worker %1 gesendet; Aufgabe %2 läuft weiter.</translation>
    </message>
    <message>
        <source>The worker is gone; the answer goes to orchestrator %1 with a respawn of task %2.</source>
        <translation>Der Worker ist nicht mehr da; die Antwort geht an Orchestrator %1 mit einem Neustart von Aufgabe %2.</translation>
    </message>
    <message>
        <source>Retry of task %1 sent to its orchestrator.</source>
        <translation>Wiederholung von Aufgabe %1 an ihren Orchestrator gesendet.</translation>
    </message>
    <message>
        <source>Cancelling worker %1; task %2 is dead.</source>
        <translation>Worker %1 wird abgebrochen; Aufgabe %2 ist aufgegeben.</translation>
    </message>
    <message>
        <source>Task %1 is dead (no running worker).</source>
        <translation>Aufgabe %1 ist aufgegeben (kein laufender Worker).</translation>
    </message>
    <message>
        <source>Task %1 is dead.</source>
        <translation>Aufgabe %1 ist aufgegeben.</translation>
    </message>
    <message>
        <source>Automatic retries paused.</source>
        <translation>Automatische Wiederholungen pausiert.</translation>
    </message>
    <message>
        <source>Automatic retries resumed.</source>
        <translation>Automatische Wiederholungen fortgesetzt.</translation>
    </message>
    <message>
        <source>There is no task %1.</source>
        <translation>Es gibt keine Aufgabe %1.</translation>
    </message>
    <message>
        <source>Task %1 is %2; this needs %3.</source>
        <translation>Aufgabe %1 ist %2; dafür muss sie %3 sein.</translation>
    </message>
    <message>
        <source>Task %1 has no stored spec to retry from.</source>
        <translation>Aufgabe %1 hat keine gespeicherte Spezifikation für eine Wiederholung.</translation>
    </message>
    <message>
        <source>Task %1 has no live worker and no stored spec.</source>
        <translation>Aufgabe %1 hat keinen laufenden Worker und keine gespeicherte Spezifikation.</translation>
    </message>
    <message>
        <source>An answer needs some text.</source>
        <translation>Eine Antwort braucht etwas Text.</translation>
    </message>
    <message>
        <source>Task %1 is %2; kill it before retrying.</source>
        <translation>Aufgabe %1 ist %2; brechen Sie sie vor dem Wiederholen ab.</translation>
    </message>
    <message>
        <source>Task %1 is already active for the same work.</source>
        <translation>Aufgabe %1 ist für dieselbe Arbeit bereits aktiv.</translation>
    </message>
    <message>
        <source>Task %1 is already dead.</source>
        <translation>Aufgabe %1 ist bereits aufgegeben.</translation>
    </message>
    <message>
        <source>Automatic retries are already paused.</source>
        <translation>Automatische Wiederholungen sind bereits pausiert.</translation>
    </message>
    <message>
        <source>Automatic retries are already running.</source>
        <translation>Automatische Wiederholungen laufen bereits.</translation>
    </message>
    <message>
        <source>The engine is not running.</source>
        <translation>Die Engine läuft nicht.</translation>
    </message>
    <message>
        <source>This console&apos;s engine is not the one acting on the fleet.</source>
        <translation>Die Engine dieser Konsole ist nicht die, die für die Flotte handelt.</translation>
    </message>
    <message>
        <source>No console is acting on the fleet; the command was withdrawn.</source>
        <translation>Keine Konsole handelt für die Flotte; der Befehl wurde zurückgezogen.</translation>
    </message>
    <message>
        <source>Task %1 is claimed by you; the other consoles show it.</source>
        <translation>Aufgabe %1 ist von Ihnen übernommen; die anderen Konsolen zeigen es an.</translation>
    </message>
    <message>
        <source>Your claim on task %1 is released.</source>
        <translation>Ihre Übernahme von Aufgabe %1 ist freigegeben.</translation>
    </message>
    <message>
        <source>The store could not be read: %1</source>
        <translation>Der Speicher konnte nicht gelesen werden: %1</translation>
    </message>
    <message>
        <source>Check ticked on task %1: %2</source>
        <translation>Prüfschritt von Aufgabe %1 abgehakt: %2</translation>
    </message>
    <message>
        <source>Check unticked on task %1: %2</source>
        <translation>Haken bei Prüfschritt von Aufgabe %1 entfernt: %2</translation>
    </message>
    <message>
        <source>Task %1 has no such verification item.</source>
        <translation>Aufgabe %1 hat keinen solchen Prüfschritt.</translation>
    </message>
    <message>
        <source>retired orchestrator used a tool</source>
        <translation>ausgemusterter Orchestrator hat ein Werkzeug benutzt</translation>
    </message>
    <message>
        <source>message outside the #friday channels</source>
        <translation>Nachricht außerhalb der #friday-Kanäle</translation>
    </message>
    <message>
        <source>front session used a direct tool</source>
        <translation>Front-Sitzung hat ein direktes Werkzeug benutzt</translation>
    </message>
    <message>
        <source>orchestrator did not delegate</source>
        <translation>Orchestrator hat nicht delegiert</translation>
    </message>
    <message>
        <source>run aborted, reason sent</source>
        <translation>Lauf abgebrochen, Grund gesendet</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>markiert</translation>
    </message>
    <message>
        <source>Your decision went to the gateway: %1</source>
        <translation>Ihre Entscheidung ging an das Gateway: %1</translation>
    </message>
    <message>
        <source>That approval no longer waits.</source>
        <translation>Diese Freigabe wartet nicht mehr.</translation>
    </message>
    <message>
        <source>The gateway does not offer that decision for: %1</source>
        <translation>Das Gateway bietet diese Entscheidung nicht an für: %1</translation>
    </message>
    <message>
        <source>Not connected to the gateway; nothing was decided.</source>
        <translation>Nicht mit dem Gateway verbunden; nichts wurde entschieden.</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>startet</translation>
    </message>
    <message>
        <source>acting</source>
        <translation>handelt</translation>
    </message>
    <message>
        <source>following</source>
        <translation>folgt</translation>
    </message>
    <message>
        <source>store unreachable</source>
        <translation>Speicher nicht erreichbar</translation>
    </message>
    <message>
        <source>observing</source>
        <translation>beobachtet</translation>
    </message>
</context>
<context>
    <name>LineageStep</name>
    <message>
        <source>Receipt</source>
        <translation>Quittung</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1 für %2</translation>
    </message>
    <message numerus="yes">
        <source>%n verification item(s)</source>
        <translation>
            <numerusform>%n Prüfpunkt</numerusform>
            <numerusform>%n Prüfpunkte</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n artifact(s)</source>
        <translation>
            <numerusform>, %n Artefakt</numerusform>
            <numerusform>, %n Artefakte</numerusform>
        </translation>
    </message>
    <message>
        <source>Front session</source>
        <translation>Front-Sitzung</translation>
    </message>
    <message>
        <source>asked for the work</source>
        <translation>hat die Arbeit angefordert</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>spawned the workers</source>
        <translation>hat die Worker gestartet</translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>Versuch %1</translation>
    </message>
    <message>
        <source>no worker session yet</source>
        <translation>noch keine Worker-Sitzung</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Retry message</source>
        <translation>Wiederholungsnachricht</translation>
    </message>
</context>
<context>
    <name>NotificationPolicy</name>
    <message>
        <source>A task needs input</source>
        <translation>Eine Aufgabe braucht eine Eingabe</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks need input</source>
        <translation>
            <numerusform>%n Aufgabe braucht eine Eingabe</numerusform>
            <numerusform>%n Aufgaben brauchen eine Eingabe</numerusform>
        </translation>
    </message>
    <message>
        <source>A task needs verification</source>
        <translation>Eine Aufgabe braucht eine Prüfung</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks need verification</source>
        <translation>
            <numerusform>%n Aufgabe braucht eine Prüfung</numerusform>
            <numerusform>%n Aufgaben brauchen eine Prüfung</numerusform>
        </translation>
    </message>
    <message>
        <source>A task is dead</source>
        <translation>Eine Aufgabe wurde aufgegeben</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks are dead</source>
        <translation>
            <numerusform>%n Aufgabe wurde aufgegeben</numerusform>
            <numerusform>%n Aufgaben wurden aufgegeben</numerusform>
        </translation>
    </message>
    <message>
        <source>A worker failed</source>
        <translation>Ein Worker ist fehlgeschlagen</translation>
    </message>
    <message numerus="yes">
        <source>%n workers failed</source>
        <translation>
            <numerusform>%n Worker ist fehlgeschlagen</numerusform>
            <numerusform>%n Worker sind fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message>
        <source>No retry is scheduled (%1).</source>
        <translation>Keine Wiederholung ist eingeplant (%1).</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>…und %n weitere</numerusform>
            <numerusform>…und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation>Außerdem: %1</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>%1: %L2</source>
        <translation>%1: %L2</translation>
    </message>
    <message>
        <source>Out of retries; the last worker %1.</source>
        <translation>Keine Wiederholungen mehr; der letzte Worker %1.</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%1 in %2</translation>
    </message>
    <message>
        <source>A policy was broken</source>
        <translation>Eine Richtlinie wurde verletzt</translation>
    </message>
    <message numerus="yes">
        <source>%n policy violations</source>
        <translation>
            <numerusform>%n Richtlinienverstoß</numerusform>
            <numerusform>%n Richtlinienverstöße</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PendingCommands</name>
    <message>
        <source>claim</source>
        <translation>übernehmen</translation>
    </message>
    <message>
        <source>release claim</source>
        <translation>Übernahme freigeben</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>bestätigen</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>ablehnen</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>antworten</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>wiederholen</translation>
    </message>
    <message>
        <source>kill</source>
        <translation>beenden</translation>
    </message>
    <message>
        <source>mark dead</source>
        <translation>als aufgegeben markieren</translation>
    </message>
    <message>
        <source>cancel retry</source>
        <translation>Wiederholung abbrechen</translation>
    </message>
    <message>
        <source>pause retries</source>
        <translation>Wiederholungen pausieren</translation>
    </message>
    <message>
        <source>resume retries</source>
        <translation>Wiederholungen fortsetzen</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>%1 ausstehend</translation>
    </message>
    <message>
        <source>tick check</source>
        <translation>Prüfschritt abhaken</translation>
    </message>
    <message>
        <source>approval decision</source>
        <translation>Freigabeentscheidung</translation>
    </message>
</context>
<context>
    <name>QuerySyntax</name>
    <message>
        <source>“%1”: the attempt is not a number</source>
        <translation>„%1“: Der Versuch ist keine Zahl</translation>
    </message>
    <message>
        <source>“%1” is not a state (queued, leased, running, needs_input, needs_verification, done, failed, dead)</source>
        <translation>„%1“ ist kein Zustand (queued, leased, running, needs_input, needs_verification, done, failed, dead)</translation>
    </message>
    <message>
        <source>“%1”: write attempt&gt;1, attempt&gt;=2, attempt&lt;3, attempt&lt;=2 or attempt=2</source>
        <translation>„%1“: Schreiben Sie attempt&gt;1, attempt&gt;=2, attempt&lt;3, attempt&lt;=2 oder attempt=2</translation>
    </message>
    <message>
        <source>“%1:” is not a search field; searched as text</source>
        <translation>„%1:“ ist kein Suchfeld; als Text gesucht</translation>
    </message>
    <message>
        <source>The state terms leave no state; nothing can match.</source>
        <translation>Die Zustandsangaben lassen keinen Zustand übrig; nichts kann passen.</translation>
    </message>
    <message>
        <source>“%1”: receipt and note terms cannot be negated</source>
        <translation>„%1“: receipt- und note-Angaben lassen sich nicht verneinen</translation>
    </message>
    <message>
        <source>Search: free text, or terms such as state:failed,dead  -state:done  label:build*  orch:*main*  worker:*  outcome:worker-*  id:4f2a*  attempt&gt;1  receipt:text  note:text (a leading - negates; * matches any text; quote values with spaces)</source>
        <translation>Suche: freier Text oder Angaben wie state:failed,dead  -state:done  label:build*  orch:*main*  worker:*  outcome:worker-*  id:4f2a*  attempt&gt;1  receipt:text  note:text (ein vorangestelltes - verneint; * steht für beliebigen Text; Werte mit Leerzeichen in Anführungszeichen)</translation>
    </message>
</context>
<context>
    <name>ReceiptSummary</name>
    <message>
        <source>the receipt is not a JSON object</source>
        <translation>die Quittung ist kein JSON-Objekt</translation>
    </message>
</context>
<context>
    <name>StateStyle</name>
    <message>
        <source>queued</source>
        <translation>eingeplant</translation>
    </message>
    <message>
        <source>leased</source>
        <translation>angefordert</translation>
    </message>
    <message>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <source>needs input</source>
        <translation>braucht Eingabe</translation>
    </message>
    <message>
        <source>needs verification</source>
        <translation>braucht Prüfung</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <source>Waiting for a retry to be dispatched or respawned.</source>
        <translation>Wartet darauf, dass eine Wiederholung gestartet oder neu erzeugt wird.</translation>
    </message>
    <message>
        <source>Spawn requested; the gateway has not started the worker yet.</source>
        <translation>Start angefordert; das Gateway hat den Worker noch nicht gestartet.</translation>
    </message>
    <message>
        <source>A worker session is working on it.</source>
        <translation>Eine Worker-Sitzung arbeitet daran.</translation>
    </message>
    <message>
        <source>Blocked: the worker or the engine needs an answer from a human.</source>
        <translation>Blockiert: Der Worker oder die Engine braucht eine Antwort von einem Menschen.</translation>
    </message>
    <message>
        <source>The worker says it is done; a human should check its receipt.</source>
        <translation>Der Worker meldet sich fertig; ein Mensch sollte seine Quittung prüfen.</translation>
    </message>
    <message>
        <source>Finished and verified.</source>
        <translation>Abgeschlossen und bestätigt.</translation>
    </message>
    <message>
        <source>The worker failed and no retry is scheduled.</source>
        <translation>Der Worker ist fehlgeschlagen, und keine Wiederholung ist eingeplant.</translation>
    </message>
    <message>
        <source>Given up: killed, marked dead, or out of retries.</source>
        <translation>Aufgegeben: beendet, als aufgegeben markiert oder keine Wiederholungen mehr.</translation>
    </message>
</context>
<context>
    <name>TimeFormat</name>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>vor %1 s</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>vor %1 min</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>vor %1 h</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>vor %1 T.</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 h</translation>
    </message>
    <message>
        <source>due</source>
        <translation>fällig</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nie</translation>
    </message>
</context>
<context>
    <name>WaitingLimits</name>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n Std.</numerusform>
            <numerusform>%n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n Min.</numerusform>
            <numerusform>%n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting too long: %1</source>
        <translation>Wartet zu lange: %1</translation>
    </message>
    <message>
        <source>In %1 for more than %2.</source>
        <translation>Seit mehr als %2 in „%1“.</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) wait longer than their limit</source>
        <translation>
            <numerusform>%n Aufgabe wartet länger als erlaubt</numerusform>
            <numerusform>%n Aufgaben warten länger als erlaubt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weitere</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clawops</name>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>Die Token-Datei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>Cannot read the config file %1: %2</source>
        <translation>Die Konfigurationsdatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>The config file %1 is not a JSON object (%2).</source>
        <translation>Die Konfigurationsdatei %1 ist kein JSON-Objekt (%2).</translation>
    </message>
    <message>
        <source>Operations console and orchestration engine for OpenClaw agent fleets.</source>
        <translation>Betriebskonsole und Orchestrierungs-Engine für OpenClaw-Agentenflotten.</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>Version ausgeben und beenden.</translation>
    </message>
    <message>
        <source>Run the engine without a window until SIGINT/SIGTERM; log to stderr.</source>
        <translation>Die Engine ohne Fenster bis SIGINT/SIGTERM ausführen; Protokoll nach stderr.</translation>
    </message>
    <message>
        <source>Connect to a built-in simulated gateway with live traffic.</source>
        <translation>Mit einem eingebauten simulierten Gateway mit laufendem Verkehr verbinden.</translation>
    </message>
    <message>
        <source>Gateway WebSocket URL, e.g. ws://127.0.0.1:18789/.</source>
        <translation>WebSocket-URL des Gateways, z. B. ws://127.0.0.1:18789/.</translation>
    </message>
    <message>
        <source>JSON object with the orchestrator plugin&apos;s config keys.</source>
        <translation>JSON-Objekt mit den Konfigurationsschlüsseln des Orchestrator-Plugins.</translation>
    </message>
    <message>
        <source>Where the device key and issued device tokens are kept.</source>
        <translation>Wo der Geräteschlüssel und die ausgestellten Geräte-Token liegen.</translation>
    </message>
    <message>
        <source>Operator name for the audit log.</source>
        <translation>Operator-Name für das Prüfprotokoll.</translation>
    </message>
    <message>
        <source>Save a PNG of the main window after --screenshot-delay seconds, then quit.</source>
        <translation>Nach --screenshot-delay Sekunden ein PNG des Hauptfensters speichern und beenden.</translation>
    </message>
    <message>
        <source>Seconds to wait before --screenshot (default 20).</source>
        <translation>Sekunden bis zu --screenshot (Standard 20).</translation>
    </message>
    <message>
        <source>The tab to show for --screenshot: tasks, inbox, retry, timeline or charts.</source>
        <translation>Der Reiter für --screenshot: tasks, inbox, retry, timeline oder charts.</translation>
    </message>
    <message>
        <source>With --headless: append each committed transition to this file as a JSON line.</source>
        <translation>Mit --headless: jeden festgeschriebenen Zustandswechsel als JSON-Zeile an diese Datei anhängen.</translation>
    </message>
    <message>
        <source>Unexpected argument: %1
</source>
        <translation>Unerwartetes Argument: %1
</translation>
    </message>
    <message>
        <source>--gateway needs a ws:// or wss:// URL, got %1
</source>
        <translation>--gateway braucht eine ws://- oder wss://-URL, erhalten: %1
</translation>
    </message>
    <message>
        <source>--headless needs --gateway URL (or --demo).
</source>
        <translation>--headless braucht --gateway URL (oder --demo).
</translation>
    </message>
    <message>
        <source>the top level is not an object</source>
        <translation>die oberste Ebene ist kein Objekt</translation>
    </message>
    <message>
        <source>Allow ws:// to a gateway on another machine (the token travels unencrypted).</source>
        <translation>ws:// zu einem Gateway auf einem anderen Rechner erlauben (das Token wird unverschlüsselt übertragen).</translation>
    </message>
    <message>
        <source>Do not check the gateway&apos;s wss:// certificate (self-signed test gateways only).</source>
        <translation>Das wss://-Zertifikat des Gateways nicht prüfen (nur für selbst signierte Test-Gateways).</translation>
    </message>
    <message>
        <source>File holding the gateway token, readable by you only (else $CLAWOPS_GATEWAY_TOKEN).</source>
        <translation>Datei mit dem Gateway-Token, nur für Sie lesbar (sonst $CLAWOPS_GATEWAY_TOKEN).</translation>
    </message>
    <message>
        <source>The store: a SQLite file (created when missing) or a shared PostgreSQL database, postgresql://user@host:port/dbname (password from ~/.pgpass).</source>
        <translation>Der Speicher: eine SQLite-Datei (wird angelegt, wenn sie fehlt) oder eine gemeinsame PostgreSQL-Datenbank, postgresql://benutzer@host:port/datenbank (Passwort aus ~/.pgpass).</translation>
    </message>
    <message>
        <source>Consoles sharing a store: how long the acting engine&apos;s lease lasts unrenewed before another console takes over (default 10000).</source>
        <translation>Konsolen mit gemeinsamem Speicher: wie lange die Lease der handelnden Engine ohne Erneuerung gilt, bevor eine andere Konsole übernimmt (Standard 10000).</translation>
    </message>
    <message>
        <source>Copy every row of this SQLite store (ClawOps&apos;s or the plugin&apos;s orchestrator.db) into the --db store, then exit. Safe to repeat.</source>
        <translation>Jede Zeile dieses SQLite-Speichers (von ClawOps oder die orchestrator.db des Plugins) in den Speicher von --db kopieren und beenden. Wiederholen ist unbedenklich.</translation>
    </message>
    <message>
        <source>--import needs --db, the store to copy into (postgresql://… or a file).
</source>
        <translation>--import braucht --db, den Speicher, in den kopiert wird (postgresql://… oder eine Datei).
</translation>
    </message>
    <message>
        <source>--lease-ttl-ms needs a number of milliseconds, at least 1000, got %1
</source>
        <translation>--lease-ttl-ms braucht eine Zahl von Millisekunden, mindestens 1000, erhalten: %1
</translation>
    </message>
    <message>
        <source>Act even if another ClawOps, with a store of its own, acts on the gateway: it steps down to observer.</source>
        <translation>Auch handeln, wenn ein anderes ClawOps mit eigenem Speicher am Gateway handelt: Es tritt zum Beobachter zurück.</translation>
    </message>
    <message>
        <source>Observer: how long the acting ClawOps may be gone from the gateway before this one takes over (default 10000).</source>
        <translation>Beobachter: wie lange das handelnde ClawOps vom Gateway fort sein darf, bevor dieses übernimmt (Standard 10000).</translation>
    </message>
    <message>
        <source>--observer-grace-ms needs a number of milliseconds, got %1
</source>
        <translation>--observer-grace-ms braucht eine Zahl von Millisekunden, erhalten: %1
</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ActionController</name>
    <message>
        <source>Pause Automatic Retries</source>
        <translation>Automatische Wiederholungen pausieren</translation>
    </message>
    <message>
        <source>Stop or resume dispatching queued retries; retries you force still go out.</source>
        <translation>Eingeplante Wiederholungen anhalten oder fortsetzen; erzwungene Wiederholungen gehen trotzdem raus.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Select a task first.</source>
        <translation>Wählen Sie zuerst eine Aufgabe aus.</translation>
    </message>
    <message>
        <source>Not now: %1</source>
        <translation>Gerade nicht möglich: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n selected task(s) will be skipped.</source>
        <translation>
            <numerusform>%n ausgewählte Aufgabe wird übersprungen.</numerusform>
            <numerusform>%n ausgewählte Aufgaben werden übersprungen.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: select a task first.</source>
        <translation>%1: Wählen Sie zuerst eine Aufgabe aus.</translation>
    </message>
    <message>
        <source>%1: not possible now (%2).</source>
        <translation>%1: gerade nicht möglich (%2).</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n command(s) sent, waiting for the engine…</source>
        <translation>
            <numerusform>%1: %n Befehl gesendet, warte auf die Engine…</numerusform>
            <numerusform>%1: %n Befehle gesendet, warte auf die Engine…</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume Automatic Retries</source>
        <translation>Automatische Wiederholungen fortsetzen</translation>
    </message>
    <message>
        <source>Resuming automatic retries…</source>
        <translation>Automatische Wiederholungen werden fortgesetzt…</translation>
    </message>
    <message>
        <source>Pausing automatic retries…</source>
        <translation>Automatische Wiederholungen werden pausiert…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 fehlgeschlagen: %2</translation>
    </message>
    <message>
        <source>%1: all %2 tasks done.</source>
        <translation>%1: alle %2 Aufgaben erledigt.</translation>
    </message>
    <message>
        <source>%1: %2 of %3 done; refused: %4</source>
        <translation>%1: %2 von %3 erledigt; abgelehnt: %4</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ActionDialog</name>
    <message>
        <source>Your answer (goes to the worker if it is alive, else to its orchestrator):</source>
        <translation>Ihre Antwort (geht an den Worker, falls er noch läuft, sonst an seinen Orchestrator):</translation>
    </message>
    <message>
        <source>Note (sent to the orchestrator with the retry; kept in the audit log):</source>
        <translation>Notiz (geht mit der Wiederholung an den Orchestrator; wird im Prüfprotokoll festgehalten):</translation>
    </message>
    <message>
        <source>Note to the orchestrator (optional):</source>
        <translation>Notiz an den Orchestrator (optional):</translation>
    </message>
    <message>
        <source>Note (kept in the audit log):</source>
        <translation>Notiz (wird im Prüfprotokoll festgehalten):</translation>
    </message>
    <message>
        <source>Reason (optional, kept in the audit log):</source>
        <translation>Grund (optional, wird im Prüfprotokoll festgehalten):</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Why it is skipped</source>
        <translation>Warum sie übersprungen wird</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n task(s)</source>
        <translation>
            <numerusform>%1 – %n Aufgabe</numerusform>
            <numerusform>%1 – %n Aufgaben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This will act on %n task(s):</source>
        <translation>
            <numerusform>Dies betrifft %n Aufgabe:</numerusform>
            <numerusform>Dies betrifft %n Aufgaben:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected task(s) will be left alone:</source>
        <translation>
            <numerusform>%n ausgewählte Aufgabe bleibt unberührt:</numerusform>
            <numerusform>%n ausgewählte Aufgaben bleiben unberührt:</numerusform>
        </translation>
    </message>
    <message>
        <source>Fail the task for good</source>
        <translation>Aufgabe endgültig fehlschlagen lassen</translation>
    </message>
    <message>
        <source>Retry now, with my note to the orchestrator</source>
        <translation>Jetzt wiederholen, mit meiner Notiz an den Orchestrator</translation>
    </message>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>Zur Bestätigung %1 eingeben:</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n Tasks</source>
        <translation>
            <numerusform>%1: %n Aufgabe</numerusform>
            <numerusform>%1: %n Aufgaben</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clawops::ui::ApprovalModel</name>
    <message>
        <source>approve once</source>
        <translation>einmal erlauben</translation>
    </message>
    <message>
        <source>allow always</source>
        <translation>immer erlauben</translation>
    </message>
    <message>
        <source>deny</source>
        <translation>ablehnen</translation>
    </message>
    <message>
        <source>“%1” allowed always from this console</source>
        <translation>„%1“ von dieser Konsole aus immer erlaubt</translation>
    </message>
    <message>
        <source>“%1” approved once from this console</source>
        <translation>„%1“ von dieser Konsole aus einmal erlaubt</translation>
    </message>
    <message>
        <source>“%1” approved elsewhere</source>
        <translation>„%1“ anderswo erlaubt</translation>
    </message>
    <message>
        <source>“%1” approved by %2 elsewhere</source>
        <translation>„%1“ anderswo von %2 erlaubt</translation>
    </message>
    <message>
        <source>“%1” denied from this console</source>
        <translation>„%1“ von dieser Konsole aus abgelehnt</translation>
    </message>
    <message>
        <source>“%1” denied elsewhere</source>
        <translation>„%1“ anderswo abgelehnt</translation>
    </message>
    <message>
        <source>“%1” denied by %2 elsewhere</source>
        <translation>„%1“ anderswo von %2 abgelehnt</translation>
    </message>
    <message>
        <source>“%1” expired: nobody decided before the gateway&apos;s timeout</source>
        <translation>„%1“ abgelaufen: niemand hat vor der Frist des Gateways entschieden</translation>
    </message>
    <message>
        <source>“%1” left: the run that asked has ended</source>
        <translation>„%1“ entfernt: der anfragende Lauf ist beendet</translation>
    </message>
    <message>
        <source>“%1” left: the gateway no longer lists it as waiting</source>
        <translation>„%1“ entfernt: das Gateway führt es nicht mehr als wartend</translation>
    </message>
    <message>
        <source>not on the allowlist (%1, ask %2)</source>
        <translation>nicht auf der Zulassungsliste (%1, Nachfrage %2)</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Asks to run</source>
        <translation>Möchte ausführen</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Wo</translation>
    </message>
    <message>
        <source>Session / task</source>
        <translation>Sitzung / Aufgabe</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>Risiko</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Läuft ab</translation>
    </message>
    <message>
        <source>%1 (plugin %2)</source>
        <translation>%1 (Plugin %2)</translation>
    </message>
    <message>
        <source>%1 (task %2)</source>
        <translation>%1 (Aufgabe %2)</translation>
    </message>
    <message>
        <source>sent: %1</source>
        <translation>gesendet: %1</translation>
    </message>
    <message>
        <source>expiring now</source>
        <translation>läuft jetzt ab</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>Asked %1</source>
        <translation>Angefragt %1</translation>
    </message>
    <message>
        <source>%1
resolves to %2</source>
        <translation>%1
verweist auf %2</translation>
    </message>
    <message>
        <source>host %1, working directory %2, agent %3</source>
        <translation>Host %1, Arbeitsverzeichnis %2, Agent %3</translation>
    </message>
    <message>
        <source>%1
task %2</source>
        <translation>%1
Aufgabe %2</translation>
    </message>
    <message>
        <source>exec policy: security %1, ask %2</source>
        <translation>Ausführungsrichtlinie: Sicherheit %1, Nachfrage %2</translation>
    </message>
    <message>
        <source>The gateway denies it at %1 unless someone decides</source>
        <translation>Das Gateway lehnt es um %1 ab, wenn niemand entscheidet</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ApprovalPanel</name>
    <message>
        <source>Approve once (V)</source>
        <translation>Einmal erlauben (V)</translation>
    </message>
    <message>
        <source>Deny (R)</source>
        <translation>Ablehnen (R)</translation>
    </message>
    <message>
        <source>Allow always (A)</source>
        <translation>Immer erlauben (A)</translation>
    </message>
    <message>
        <source>Let the command run this once (V)</source>
        <translation>Den Befehl dieses eine Mal ausführen lassen (V)</translation>
    </message>
    <message>
        <source>Refuse it; the agent is told it was denied (R)</source>
        <translation>Ablehnen; der Agent erfährt, dass es abgelehnt wurde (R)</translation>
    </message>
    <message>
        <source>Let it run and stop asking for this command (A); only where the gateway offers it</source>
        <translation>Ausführen lassen und für diesen Befehl nicht mehr fragen (A); nur wo das Gateway es anbietet</translation>
    </message>
    <message>
        <source>The gateway does not offer “allow always” for this command</source>
        <translation>Das Gateway bietet „immer erlauben“ für diesen Befehl nicht an</translation>
    </message>
    <message>
        <source>Let it run and stop asking for this command (A)</source>
        <translation>Ausführen lassen und für diesen Befehl nicht mehr fragen (A)</translation>
    </message>
    <message numerus="yes">
        <source>%n gateway approval(s) wait for you</source>
        <translation>
            <numerusform>%n Gateway-Freigabe wartet auf Sie</numerusform>
            <numerusform>%n Gateway-Freigaben warten auf Sie</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clawops::ui::ChartsData</name>
    <message>
        <source>&lt; 30 s</source>
        <translation>&lt; 30 s</translation>
    </message>
    <message>
        <source>30 s–1 min</source>
        <translation>30 s–1 min</translation>
    </message>
    <message>
        <source>1–2 min</source>
        <translation>1–2 min</translation>
    </message>
    <message>
        <source>2–5 min</source>
        <translation>2–5 min</translation>
    </message>
    <message>
        <source>5–15 min</source>
        <translation>5–15 min</translation>
    </message>
    <message>
        <source>15–60 min</source>
        <translation>15–60 min</translation>
    </message>
    <message>
        <source>&gt; 1 h</source>
        <translation>&gt; 1 h</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ChartsPage</name>
    <message>
        <source>Last 15 min</source>
        <translation>Letzte 15 min</translation>
    </message>
    <message>
        <source>Last 30 min</source>
        <translation>Letzte 30 min</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>Letzte Stunde</translation>
    </message>
    <message>
        <source>Last 2 h</source>
        <translation>Letzte 2 h</translation>
    </message>
    <message>
        <source>Active tasks by state</source>
        <translation>Aktive Aufgaben nach Status</translation>
    </message>
    <message>
        <source>Completions and failures per minute</source>
        <translation>Abschlüsse und Fehlschläge pro Minute</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>given up (dead)</source>
        <translation>aufgegeben</translation>
    </message>
    <message>
        <source>Retries per minute</source>
        <translation>Wiederholungen pro Minute</translation>
    </message>
    <message>
        <source>retries queued</source>
        <translation>eingeplante Wiederholungen</translation>
    </message>
    <message>
        <source>new attempts</source>
        <translation>neue Versuche</translation>
    </message>
    <message>
        <source>Waiting for a human</source>
        <translation>Warten auf einen Menschen</translation>
    </message>
    <message>
        <source>needs input, answered</source>
        <translation>braucht Eingabe, beantwortet</translation>
    </message>
    <message>
        <source>needs input, still waiting</source>
        <translation>braucht Eingabe, wartet noch</translation>
    </message>
    <message>
        <source>needs verification, settled</source>
        <translation>braucht Prüfung, entschieden</translation>
    </message>
    <message>
        <source>needs verification, still waiting</source>
        <translation>braucht Prüfung, wartet noch</translation>
    </message>
    <message>
        <source>how long</source>
        <translation>wie lange</translation>
    </message>
    <message>
        <source>In this window: %1 done · %2 failed · %3 given up · %4 retries queued · %5 new attempts</source>
        <translation>In diesem Zeitraum: %1 erledigt · %2 fehlgeschlagen · %3 aufgegeben · %4 Wiederholungen eingeplant · %5 neue Versuche</translation>
    </message>
    <message>
        <source>Retries per minute — %1 per 100 new attempts</source>
        <translation>Wiederholungen pro Minute – %1 je 100 neue Versuche</translation>
    </message>
    <message>
        <source>Waiting for a human — median: %1 for input, %2 for verification</source>
        <translation>Warten auf einen Menschen – Median: %1 für Eingaben, %2 für Prüfungen</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ConnectDialog</name>
    <message>
        <source>Remember the token</source>
        <translation>Token merken</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Connect to a Gateway</source>
        <translation>Mit einem Gateway verbinden</translation>
    </message>
    <message>
        <source>Leave empty to use the stored token</source>
        <translation>Leer lassen, um das gespeicherte Token zu verwenden</translation>
    </message>
    <message>
        <source>The gateway&apos;s shared token: `openclaw gateway auth-token --show` on the gateway host.</source>
        <translation>Das gemeinsame Token des Gateways: `openclaw gateway auth-token --show` auf dem Gateway-Rechner.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show or hide the token</source>
        <translation>Token anzeigen oder verbergen</translation>
    </message>
    <message>
        <source>Gateway URL</source>
        <translation>Gateway-URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Forget Stored Token</source>
        <translation>Gespeichertes Token vergessen</translation>
    </message>
    <message>
        <source>Stored in %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>Remember the token in %1</source>
        <translation>Token in %1 merken</translation>
    </message>
    <message>
        <source>Enter the gateway&apos;s WebSocket URL.</source>
        <translation>Geben Sie die WebSocket-URL des Gateways ein.</translation>
    </message>
    <message>
        <source>Use a ws:// or wss:// URL, for example ws://127.0.0.1:18789/.</source>
        <translation>Verwenden Sie eine ws://- oder wss://-URL, zum Beispiel ws://127.0.0.1:18789/.</translation>
    </message>
    <message>
        <source>The URL needs a host.</source>
        <translation>Die URL braucht einen Host.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>Was zu tun ist:</translation>
    </message>
    <message>
        <source>Gateway said:</source>
        <translation>Das Gateway meldete:</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ConnectionControl</name>
    <message>
        <source>Forgetting the stored token for %1…</source>
        <translation>Gespeichertes Token für %1 wird vergessen…</translation>
    </message>
    <message>
        <source>The stored token could not be read (%1); connecting without it.</source>
        <translation>Das gespeicherte Token konnte nicht gelesen werden (%1); es wird ohne Token verbunden.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ConsoleStatus</name>
    <message>
        <source>The token could not be saved in %1: %2</source>
        <translation>Das Token konnte nicht in %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <source>%1 The token was saved in %2 instead.</source>
        <translation>%1 Das Token wurde stattdessen in %2 gespeichert.</translation>
    </message>
    <message>
        <source>Token saved in %1.</source>
        <translation>Token in %1 gespeichert.</translation>
    </message>
    <message>
        <source>The engine could not start: %1</source>
        <translation>Die Engine konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>The connection stopped.</source>
        <translation>Die Verbindung wurde angehalten.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ExportController</name>
    <message>
        <source>Export: select a task first.</source>
        <translation>Export: Wählen Sie zuerst eine Aufgabe.</translation>
    </message>
    <message>
        <source>Export Task History</source>
        <translation>Aufgabenverlauf exportieren</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Exporting the history of %1…</source>
        <translation>Verlauf von %1 wird exportiert…</translation>
    </message>
    <message>
        <source>Export Tasks as CSV</source>
        <translation>Aufgaben als CSV exportieren</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the tasks of this view…</source>
        <translation>Die Aufgaben dieser Ansicht werden exportiert…</translation>
    </message>
    <message>
        <source>Export failed: the store has no task %1.</source>
        <translation>Export fehlgeschlagen: Der Speicher enthält keine Aufgabe %1.</translation>
    </message>
    <message>
        <source>the gateway did not send the transcript in time</source>
        <translation>das Gateway hat den Verlauf nicht rechtzeitig gesendet</translation>
    </message>
    <message>
        <source>History of %1 saved to %2.</source>
        <translation>Verlauf von %1 in %2 gespeichert.</translation>
    </message>
    <message>
        <source>Export failed: the store did not answer: %1</source>
        <translation>Export fehlgeschlagen: Der Speicher hat nicht geantwortet: %1</translation>
    </message>
    <message>
        <source>The first %1 of %2 tasks saved to %3.</source>
        <translation>Die ersten %1 von %2 Aufgaben in %3 gespeichert.</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) saved to %1.</source>
        <translation>
            <numerusform>%n Aufgabe in %1 gespeichert.</numerusform>
            <numerusform>%n Aufgaben in %1 gespeichert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>clawops::ui::InboxModel</name>
    <message>
        <source>resolving now</source>
        <translation>wird gerade entschieden</translation>
    </message>
    <message>
        <source>done in %1</source>
        <translation>erledigt in %1</translation>
    </message>
    <message>
        <source>needs input in %1</source>
        <translation>braucht Eingabe in %1</translation>
    </message>
    <message>
        <source>No receipt: check the transcript, then verify or reject</source>
        <translation>Keine Quittung: Verlauf prüfen, dann bestätigen oder ablehnen</translation>
    </message>
    <message numerus="yes">
        <source>Check %n verification item(s) from the receipt</source>
        <translation>
            <numerusform>%n Prüfpunkt aus der Quittung prüfen</numerusform>
            <numerusform>%n Prüfpunkte aus der Quittung prüfen</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm the result (the worker says there is nothing to verify)</source>
        <translation>Ergebnis bestätigen (laut Worker gibt es nichts zu prüfen)</translation>
    </message>
    <message>
        <source>Check the receipt (it lists no verification)</source>
        <translation>Quittung prüfen (sie nennt keine Prüfschritte)</translation>
    </message>
    <message>
        <source>The worker is blocked and asks for input</source>
        <translation>Der Worker ist blockiert und bittet um eine Eingabe</translation>
    </message>
    <message>
        <source>No receipt arrived within the grace window</source>
        <translation>Innerhalb der Karenzzeit kam keine Quittung</translation>
    </message>
    <message>
        <source>The receipt lists nothing to verify; decide</source>
        <translation>Die Quittung nennt nichts zu prüfen; bitte entscheiden</translation>
    </message>
    <message>
        <source>A retry was delivered but no respawn followed</source>
        <translation>Eine Wiederholung wurde zugestellt, aber es folgte kein Neustart</translation>
    </message>
    <message>
        <source>Needs an answer</source>
        <translation>Braucht eine Antwort</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>Braucht</translation>
    </message>
    <message>
        <source>Grace window</source>
        <translation>Karenzzeit</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>What the engine does on its own when the verification grace window ends</source>
        <translation>Was die Engine selbst tut, wenn die Karenzzeit für die Prüfung endet</translation>
    </message>
    <message>
        <source>Waiting since %1</source>
        <translation>Wartet seit %1</translation>
    </message>
    <message>
        <source>Grace window ends %1</source>
        <translation>Karenzzeit endet %1</translation>
    </message>
    <message>
        <source>Waiting since %1, longer than the %2 limit for %3</source>
        <translation>Wartet seit %1, länger als die Grenze von %2 für „%3“</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Übernehmen</translation>
    </message>
    <message>
        <source>Who handles the item: an operator claims it from the Inbox (Claim, C)</source>
        <translation>Wer sich um den Eintrag kümmert: ein Operator übernimmt ihn im Posteingang (Übernehmen, C)</translation>
    </message>
    <message>
        <source>Nobody has claimed it yet</source>
        <translation>Noch hat niemand sie übernommen</translation>
    </message>
    <message>
        <source>Claimed by %1 since %2 (%3)</source>
        <translation>Übernommen von %1 seit %2 (%3)</translation>
    </message>
    <message>
        <source>held: gateway down</source>
        <translation>angehalten: Gateway getrennt</translation>
    </message>
    <message>
        <source>The engine lets no grace window run out while the gateway is unreachable: a receipt sent meanwhile comes with the resync. The window counts again from the reconnect.</source>
        <translation>Solange das Gateway nicht erreichbar ist, lässt die Engine keine Karenzzeit ablaufen: eine in dieser Zeit gesendete Quittung kommt mit dem Abgleich. Die Karenzzeit zählt ab der Wiederverbindung neu.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::InboxPage</name>
    <message>
        <source>Nothing needs you right now.</source>
        <translation>Gerade braucht nichts Ihre Aufmerksamkeit.</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Needs input</source>
        <translation>Braucht Eingabe</translation>
    </message>
    <message>
        <source>Needs verification</source>
        <translation>Braucht Prüfung</translation>
    </message>
    <message>
        <source>Needs input %1</source>
        <translation>Braucht Eingabe %1</translation>
    </message>
    <message>
        <source>Needs verification %1</source>
        <translation>Braucht Prüfung %1</translation>
    </message>
    <message>
        <source>Everything %1</source>
        <translation>Alles %1</translation>
    </message>
    <message>
        <source>Nothing waits for you.</source>
        <translation>Nichts wartet auf Sie.</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) wait for you, the longest-waiting first.</source>
        <translation>
            <numerusform>%n Aufgabe wartet auf Sie, die am längsten wartende zuerst.</numerusform>
            <numerusform>%n Aufgaben warten auf Sie, die am längsten wartenden zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <source>Last decision: %1 “%2” — %3</source>
        <translation>Letzte Entscheidung: %1 „%2“ – %3</translation>
    </message>
    <message>
        <source>Last decision: %1 “%2” was refused — %3</source>
        <translation>Letzte Entscheidung: %1 „%2“ wurde abgelehnt – %3</translation>
    </message>
    <message>
        <source>Show it</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Task %1: select it and show its detail with the new audit line</source>
        <translation>Aufgabe %1: auswählen und ihre Details mit dem neuen Protokolleintrag zeigen</translation>
    </message>
    <message>
        <source>Tasks that wait longer than the limit for their state (Settings → Console); marked red in the Waiting column</source>
        <translation>Aufgaben, die länger als die Grenze für ihren Zustand warten (Einstellungen → Konsole); rot markiert in der Spalte „Wartezeit“</translation>
    </message>
    <message numerus="yes">
        <source>%n over the waiting limit</source>
        <translation>
            <numerusform>%n über der Wartegrenze</numerusform>
            <numerusform>%n über der Wartegrenze</numerusform>
        </translation>
    </message>
    <message>
        <source>Approvals %1</source>
        <translation>Freigaben %1</translation>
    </message>
</context>
<context>
    <name>clawops::ui::LineageView</name>
    <message>
        <source>No lineage for this task.</source>
        <translation>Keine Herkunft für diese Aufgabe.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::MainWindow</name>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>Posteingang</translation>
    </message>
    <message>
        <source>Retry Queue</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Task Detail</source>
        <translation>Aufgabendetails</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n task id(s).</source>
        <translation>
            <numerusform>%n Aufgaben-ID kopiert.</numerusform>
            <numerusform>%n Aufgaben-IDs kopiert.</numerusform>
        </translation>
    </message>
    <message>
        <source>Inbox (%1)</source>
        <translation>Posteingang (%1)</translation>
    </message>
    <message>
        <source>Retry Queue (%1)</source>
        <translation>Wiederholungen (%1)</translation>
    </message>
    <message>
        <source>ClawOps</source>
        <translation>ClawOps</translation>
    </message>
    <message>
        <source>ClawOps — %1</source>
        <translation>ClawOps – %1</translation>
    </message>
    <message>
        <source> (demo)</source>
        <translation> (Demo)</translation>
    </message>
    <message>
        <source>Engine configuration sent.</source>
        <translation>Engine-Konfiguration gesendet.</translation>
    </message>
    <message>
        <source>The new language is used from the next start of ClawOps.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von ClawOps.</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>Zeitleiste</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <source>Export: switch to the Tasks or Inbox tab; the CSV holds what its filters show.</source>
        <translation>Export: Wechseln Sie zum Tab „Aufgaben“ oder „Posteingang“; die CSV enthält, was dessen Filter zeigen.</translation>
    </message>
    <message>
        <source>Inbox (%1 · %2 late)</source>
        <translation>Posteingang (%1 · %2 überfällig)</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>Richtlinien</translation>
    </message>
    <message>
        <source>Policy (%1)</source>
        <translation>Richtlinien (%1)</translation>
    </message>
    <message>
        <source>Not decided: %1</source>
        <translation>Nicht entschieden: %1</translation>
    </message>
</context>
<context>
    <name>clawops::ui::NoticeArea</name>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>clawops::ui::OrchestratorListModel</name>
    <message>
        <source>All orchestrators</source>
        <translation>Alle Orchestratoren</translation>
    </message>
    <message>
        <source>Tasks of every orchestrator</source>
        <translation>Aufgaben aller Orchestratoren</translation>
    </message>
</context>
<context>
    <name>clawops::ui::PolicyMarker</name>
    <message numerus="yes">
        <source>%n by its worker</source>
        <translation>
            <numerusform>%n durch seinen Worker</numerusform>
            <numerusform>%n durch seinen Worker</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n by its orchestrator %1</source>
        <translation>
            <numerusform>%n durch seinen Orchestrator %1</numerusform>
            <numerusform>%n durch seinen Orchestrator %1</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Policy violations: %1 (see the Policy tab)</source>
        <translation>⚠ Richtlinienverstöße: %1 (siehe Reiter Richtlinien)</translation>
    </message>
</context>
<context>
    <name>clawops::ui::PolicyPage</name>
    <message>
        <source>No policy violations. Tool starts that the orchestrator policies (enforceMainDelegation, allowedOrchestratorTools, enforceFridayChannels, retired orchestrators) would have blocked are listed here.</source>
        <translation>Keine Richtlinienverstöße. Hier stehen Werkzeugaufrufe, die die Orchestrator-Richtlinien (enforceMainDelegation, allowedOrchestratorTools, enforceFridayChannels, ausgemusterte Orchestratoren) blockiert hätten.</translation>
    </message>
    <message>
        <source>The reason the plugin would have given the agent</source>
        <translation>Der Grund, den das Plugin dem Agenten genannt hätte</translation>
    </message>
</context>
<context>
    <name>clawops::ui::PolicyViolationModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>Sitzung</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>Werkzeug</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Maßnahme</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>Argumente</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ReceiptView</name>
    <message>
        <source>No receipt yet.</source>
        <translation>Noch keine Quittung.</translation>
    </message>
    <message>
        <source>The stored receipt could not be read (%1):</source>
        <translation>Die gespeicherte Quittung konnte nicht gelesen werden (%1):</translation>
    </message>
    <message numerus="yes">
        <source>The engine saw a receipt (status %1, %n verification item(s)) but kept no JSON for it; the transcript has the worker&apos;s words.</source>
        <translation>
            <numerusform>Die Engine hat eine Quittung gesehen (Status %1, %n Prüfpunkt), aber kein JSON dazu behalten; das Gesprächsprotokoll enthält die Worte des Workers.</numerusform>
            <numerusform>Die Engine hat eine Quittung gesehen (Status %1, %n Prüfpunkte), aber kein JSON dazu behalten; das Gesprächsprotokoll enthält die Worte des Workers.</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>Workers end their reply with a JSON receipt; none has arrived for this attempt.</source>
        <translation>Worker beenden ihre Antwort mit einer JSON-Quittung; für diesen Versuch ist keine angekommen.</translation>
    </message>
    <message>
        <source>no status</source>
        <translation>kein Status</translation>
    </message>
    <message>
        <source>names task %1</source>
        <translation>nennt Aufgabe %1</translation>
    </message>
    <message>
        <source>(the worker says: nothing to verify)</source>
        <translation>(laut Worker: nichts zu prüfen)</translation>
    </message>
    <message>
        <source>Blockers</source>
        <translation>Hindernisse</translation>
    </message>
    <message>
        <source>blocker</source>
        <translation>Hindernis</translation>
    </message>
    <message>
        <source>Suggested fix:</source>
        <translation>Vorgeschlagene Lösung:</translation>
    </message>
    <message>
        <source>Needs from you:</source>
        <translation>Braucht von Ihnen:</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfschritt</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>Artefakte</translation>
    </message>
    <message>
        <source>Path or reference</source>
        <translation>Pfad oder Verweis</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
</context>
<context>
    <name>clawops::ui::RetryQueueModel</name>
    <message>
        <source>Retry %1 of the %2 this task may have</source>
        <translation>Wiederholung %1 von %2, die diese Aufgabe haben darf</translation>
    </message>
    <message>
        <source>Runs in</source>
        <translation>Startet in</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholung</translation>
    </message>
    <message>
        <source>After outcome</source>
        <translation>Nach Ergebnis</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>Wartezeit</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>Due since %1. It goes out when a worker slot is free and automatic retries are not paused.</source>
        <translation>Fällig seit %1. Sie wird gestartet, sobald ein Worker-Platz frei ist und automatische Wiederholungen nicht pausiert sind.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::RetryQueuePage</name>
    <message>
        <source>No retry is waiting.</source>
        <translation>Keine Wiederholung wartet.</translation>
    </message>
    <message>
        <source>Run Now</source>
        <translation>Jetzt ausführen</translation>
    </message>
    <message>
        <source>Cancel Retry (→ Dead)</source>
        <translation>Wiederholung abbrechen (→ aufgegeben)</translation>
    </message>
    <message>
        <source>&lt;b&gt;Automatic retries are paused.&lt;/b&gt; Queued retries wait until you resume them; forced retries still go out.</source>
        <translation>&lt;b&gt;Automatische Wiederholungen sind pausiert.&lt;/b&gt; Eingeplante Wiederholungen warten, bis Sie sie fortsetzen; erzwungene Wiederholungen gehen trotzdem raus.</translation>
    </message>
    <message>
        <source>Automatic retries are dispatched when their time comes.</source>
        <translation>Automatische Wiederholungen werden gestartet, sobald sie fällig sind.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::SavedViews</name>
    <message>
        <source>All tasks</source>
        <translation>Alle Aufgaben</translation>
    </message>
    <message>
        <source>Failed and never recovered</source>
        <translation>Fehlgeschlagen und nie erholt</translation>
    </message>
    <message>
        <source>Waiting for me</source>
        <translation>Wartet auf mich</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>Wiederholt</translation>
    </message>
    <message>
        <source>Every task</source>
        <translation>Jede Aufgabe</translation>
    </message>
</context>
<context>
    <name>clawops::ui::SavedViewsPanel</name>
    <message>
        <source>Save View</source>
        <translation>Ansicht speichern</translation>
    </message>
    <message>
        <source>Name of this view:</source>
        <translation>Name dieser Ansicht:</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>Speichern…</translation>
    </message>
    <message>
        <source>Keep the search under a name</source>
        <translation>Die Suche unter einem Namen behalten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Remove the selected view (built-in views stay)</source>
        <translation>Die gewählte Ansicht entfernen (eingebaute Ansichten bleiben)</translation>
    </message>
    <message>
        <source>“%1” is the name of a built-in view; choose another.</source>
        <translation>„%1“ ist der Name einer eingebauten Ansicht; wählen Sie einen anderen.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>Engine</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>Konsole</translation>
    </message>
    <message>
        <source>Put every engine setting back to the plugin&apos;s default</source>
        <translation>Alle Engine-Einstellungen auf die Standardwerte des Plugins zurücksetzen</translation>
    </message>
    <message>
        <source>Default %1.</source>
        <translation>Standard: %1.</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <source>Retry failed workers automatically</source>
        <translation>Fehlgeschlagene Worker automatisch wiederholen</translation>
    </message>
    <message>
        <source>When a worker ends with one of the outcomes below, ask its orchestrator to respawn it after a backoff. Off by default, as in the plugin.</source>
        <translation>Endet ein Worker mit einem der folgenden Ergebnisse, wird sein Orchestrator nach einer Wartezeit gebeten, ihn neu zu starten. Standardmäßig aus, wie im Plugin.</translation>
    </message>
    <message>
        <source>Retries per task</source>
        <translation>Wiederholungen pro Aufgabe</translation>
    </message>
    <message>
        <source>Automatic retries of the same work before it is marked dead.</source>
        <translation>Automatische Wiederholungen derselben Arbeit, bevor sie als aufgegeben gilt.</translation>
    </message>
    <message>
        <source>Base backoff</source>
        <translation>Grundwartezeit</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>Delay before the first retry; it doubles with each attempt, plus jitter.</source>
        <translation>Wartezeit vor der ersten Wiederholung; sie verdoppelt sich mit jedem Versuch, dazu eine Zufallsstreuung.</translation>
    </message>
    <message>
        <source>Maximum backoff</source>
        <translation>Maximale Wartezeit</translation>
    </message>
    <message>
        <source>No retry waits longer than this.</source>
        <translation>Keine Wiederholung wartet länger.</translation>
    </message>
    <message>
        <source>Retry on</source>
        <translation>Wiederholen bei</translation>
    </message>
    <message>
        <source>Worker outcomes that trigger a retry. Default: error, timeout.</source>
        <translation>Worker-Ergebnisse, die eine Wiederholung auslösen. Standard: error, timeout.</translation>
    </message>
    <message>
        <source>Message to the orchestrator session</source>
        <translation>Nachricht an die Orchestrator-Sitzung</translation>
    </message>
    <message>
        <source>Wake (heartbeat system event)</source>
        <translation>Wecken (Heartbeat-Systemereignis)</translation>
    </message>
    <message>
        <source>Deliver retries as</source>
        <translation>Wiederholungen zustellen als</translation>
    </message>
    <message>
        <source>A message works on every gateway; wake hands the text to the model as data in a heartbeat turn.</source>
        <translation>Eine Nachricht funktioniert mit jedem Gateway; Wecken übergibt den Text dem Modell als Daten in einem Heartbeat-Durchlauf.</translation>
    </message>
    <message>
        <source>Respawn window</source>
        <translation>Neustart-Frist</translation>
    </message>
    <message>
        <source>After delivering a retry, how long to wait for the orchestrator to respawn the worker before the task needs input.</source>
        <translation>Wie lange nach Zustellung einer Wiederholung auf den Neustart des Workers durch den Orchestrator gewartet wird, bevor die Aufgabe eine Eingabe braucht.</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>Planer</translation>
    </message>
    <message>
        <source>Tick</source>
        <translation>Takt</translation>
    </message>
    <message>
        <source>How often due retries are dispatched.</source>
        <translation>Wie oft fällige Wiederholungen gestartet werden.</translation>
    </message>
    <message>
        <source>Retries per tick</source>
        <translation>Wiederholungen pro Takt</translation>
    </message>
    <message>
        <source>At most this many retries are dispatched in one tick.</source>
        <translation>Höchstens so viele Wiederholungen werden in einem Takt gestartet.</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>Grace window</source>
        <translation>Karenzzeit</translation>
    </message>
    <message>
        <source>How long a task waits in needs verification before the engine decides: done when its receipt lists verification (or says there is none), else needs input.</source>
        <translation>Wie lange eine Aufgabe in „braucht Prüfung“ wartet, bevor die Engine entscheidet: erledigt, wenn ihre Quittung Prüfschritte nennt (oder sagt, dass es keine gibt), sonst „braucht Eingabe“.</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>Weiterleitung</translation>
    </message>
    <message>
        <source>Inject the orchestrator prompt</source>
        <translation>Orchestrator-Prompt einfügen</translation>
    </message>
    <message>
        <source>Kept for compatibility with plugin configs; an outside engine cannot change prompts.</source>
        <translation>Nur zur Kompatibilität mit Plugin-Konfigurationen; eine externe Engine kann Prompts nicht ändern.</translation>
    </message>
    <message>
        <source>Enforce main delegation</source>
        <translation>Delegation der Hauptsitzung erzwingen</translation>
    </message>
    <message>
        <source>Kept for compatibility: a client can observe tool calls but cannot veto them.</source>
        <translation>Nur zur Kompatibilität: Ein Client kann Werkzeugaufrufe beobachten, aber nicht verhindern.</translation>
    </message>
    <message>
        <source>Main session tools</source>
        <translation>Werkzeuge der Hauptsitzung</translation>
    </message>
    <message>
        <source>The defaults are always allowed; only routing tools can be added. The orchestrator&apos;s tools are the full routing set.</source>
        <translation>Die Standardwerkzeuge sind immer erlaubt; nur Weiterleitungswerkzeuge können hinzukommen. Der Orchestrator hat alle Weiterleitungswerkzeuge.</translation>
    </message>
    <message>
        <source>Orchestrator label prefix</source>
        <translation>Bezeichnungspräfix für Orchestratoren</translation>
    </message>
    <message>
        <source>Spawns whose label starts with this are orchestrators. Letters, digits, dot, dash and underscore.</source>
        <translation>Starts, deren Bezeichnung damit beginnt, sind Orchestratoren. Buchstaben, Ziffern, Punkt, Bindestrich und Unterstrich.</translation>
    </message>
    <message>
        <source>Status messages</source>
        <translation>Statusmeldungen</translation>
    </message>
    <message>
        <source>Post status blocks</source>
        <translation>Statusblöcke senden</translation>
    </message>
    <message>
        <source>Post an &lt;orchestrator-status&gt; block to the status channel on changes.</source>
        <translation>Bei Änderungen einen &lt;orchestrator-status&gt;-Block in den Statuskanal senden.</translation>
    </message>
    <message>
        <source>Status channel</source>
        <translation>Statuskanal</translation>
    </message>
    <message>
        <source>Where status blocks go, e.g. #friday-status.</source>
        <translation>Wohin Statusblöcke gehen, z. B. #friday-status.</translation>
    </message>
    <message>
        <source>Sticky emoji</source>
        <translation>Markierungs-Emoji</translation>
    </message>
    <message>
        <source>Marks the status message.</source>
        <translation>Kennzeichnet die Statusmeldung.</translation>
    </message>
    <message>
        <source>Only #friday channels</source>
        <translation>Nur #friday-Kanäle</translation>
    </message>
    <message>
        <source>Refuse status channels that are not #friday or #friday-*.</source>
        <translation>Statuskanäle ablehnen, die nicht #friday oder #friday-* sind.</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>Speicher</translation>
    </message>
    <message>
        <source>Plugin state database</source>
        <translation>Zustandsdatenbank des Plugins</translation>
    </message>
    <message>
        <source>The plugin&apos;s orchestrator.db path; the store ClawOps opens is chosen at start (--db) and changes on the next start.</source>
        <translation>Pfad zur orchestrator.db des Plugins; welchen Speicher ClawOps öffnet, wird beim Start festgelegt (--db) und ändert sich beim nächsten Start.</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>Operator-Name</translation>
    </message>
    <message>
        <source>Recorded with every action you take.</source>
        <translation>Wird bei jeder Ihrer Aktionen festgehalten.</translation>
    </message>
    <message>
        <source>Ask before kill, mark dead, reject and cancel retry</source>
        <translation>Vor Beenden, Aufgeben, Ablehnen und Abbrechen von Wiederholungen nachfragen</translation>
    </message>
    <message>
        <source>Actions on several tasks always show what they will touch first.</source>
        <translation>Aktionen auf mehrere Aufgaben zeigen immer zuerst, was sie betreffen.</translation>
    </message>
    <message>
        <source>Refresh ages and countdowns every</source>
        <translation>Alter und Countdowns aktualisieren alle</translation>
    </message>
    <message>
        <source>only on request</source>
        <translation>nur auf Anforderung</translation>
    </message>
    <message>
        <source>Refresh a running worker&apos;s transcript every</source>
        <translation>Verlauf laufender Worker aktualisieren alle</translation>
    </message>
    <message>
        <source>Search after typing stops for</source>
        <translation>Suchen, wenn die Eingabe ruht für</translation>
    </message>
    <message>
        <source> rows</source>
        <translation> Zeilen</translation>
    </message>
    <message>
        <source>Rows per page</source>
        <translation>Zeilen pro Seite</translation>
    </message>
    <message>
        <source>Keep at most</source>
        <translation>Höchstens behalten</translation>
    </message>
    <message>
        <source>The task table loads pages as you scroll and stops here; filter or search to reach the rest.</source>
        <translation>Die Aufgabentabelle lädt beim Blättern weitere Seiten und hört hier auf; filtern oder suchen Sie, um den Rest zu erreichen.</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Wie im System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Erscheinungsbild</translation>
    </message>
    <message>
        <source>Following the system switches between light and dark with the desktop.</source>
        <translation>„Wie im System“ wechselt mit dem Desktop zwischen hell und dunkel.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Takes effect the next time ClawOps starts.</source>
        <translation>Gilt ab dem nächsten Start von ClawOps.</translation>
    </message>
    <message>
        <source>Do not disturb: no desktop notifications</source>
        <translation>Nicht stören: keine Desktop-Benachrichtigungen</translation>
    </message>
    <message>
        <source>Otherwise ClawOps notifies when tasks need input or verification, die, or fail without a retry. Also in the View menu and the tray icon&apos;s menu.</source>
        <translation>Sonst meldet ClawOps, wenn Aufgaben eine Eingabe oder Prüfung brauchen, aufgegeben werden oder ohne Wiederholung fehlschlagen. Auch im Menü „Ansicht“ und im Menü des Tray-Symbols.</translation>
    </message>
    <message>
        <source>retryOutcomes: none checked, so the default (error, timeout) is used</source>
        <translation>retryOutcomes: nichts angehakt, daher gilt der Standard (error, timeout)</translation>
    </message>
    <message>
        <source>retryMaxBackoffMs is below retryBaseBackoffMs: every retry waits the maximum</source>
        <translation>retryMaxBackoffMs ist kleiner als retryBaseBackoffMs: Jede Wiederholung wartet die Höchstzeit</translation>
    </message>
    <message>
        <source>verificationGraceMs is shorter than one scheduler tick</source>
        <translation>verificationGraceMs ist kürzer als ein Planertakt</translation>
    </message>
    <message>
        <source>automatic retries are off: failed workers stay failed until you retry them</source>
        <translation>automatische Wiederholungen sind aus: Fehlgeschlagene Worker bleiben fehlgeschlagen, bis Sie sie wiederholen</translation>
    </message>
    <message>
        <source>Notes:
• %1</source>
        <translation>Hinweise:
• %1</translation>
    </message>
    <message>
        <source>Move to the next Inbox item after a decision</source>
        <translation>Nach einer Entscheidung zum nächsten Eintrag im Posteingang gehen</translation>
    </message>
    <message>
        <source> min</source>
        <translation> Min.</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>keine Grenze</translation>
    </message>
    <message>
        <source>Escalate needs input after</source>
        <translation>„Braucht Eingabe“ eskalieren nach</translation>
    </message>
    <message>
        <source>Escalate needs verification after</source>
        <translation>„Braucht Prüfung“ eskalieren nach</translation>
    </message>
    <message>
        <source>A task waiting longer is marked in the Inbox and announced once with a desktop notification.</source>
        <translation>Eine Aufgabe, die länger wartet, wird im Posteingang markiert und einmal per Desktop-Benachrichtigung gemeldet.</translation>
    </message>
    <message>
        <source>Verify only when every check is ticked</source>
        <translation>Erst bestätigen, wenn jeder Prüfschritt abgehakt ist</translation>
    </message>
    <message>
        <source>The receipt&apos;s verification items are a checklist in the detail panel; a receipt without items never holds Verify back.</source>
        <translation>Die Prüfschritte der Quittung sind eine Checkliste im Detailbereich; eine Quittung ohne Prüfschritte hält Bestätigen nie zurück.</translation>
    </message>
    <message>
        <source>Tell the spawner why its duplicate was cancelled</source>
        <translation>Dem Auftraggeber sagen, warum sein Duplikat abgebrochen wurde</translation>
    </message>
    <message>
        <source>Sends the session that spawned a duplicate worker the plugin&apos;s block reason, so that it polls the active task instead of spawning it again.</source>
        <translation>Schickt der Sitzung, die einen doppelten Worker gestartet hat, den Sperrgrund des Plugins, damit sie die aktive Aufgabe abfragt, statt sie erneut zu starten.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
</context>
<context>
    <name>clawops::ui::StateChips</name>
    <message>
        <source>Show tasks in every state</source>
        <translation>Aufgaben in jedem Status anzeigen</translation>
    </message>
    <message>
        <source>
Click to show or hide this state; &quot;All&quot; clears the filter.</source>
        <translation>
Klicken, um diesen Status ein- oder auszublenden; „Alle“ hebt den Filter auf.</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>All %1</source>
        <translation>Alle %1</translation>
    </message>
</context>
<context>
    <name>clawops::ui::StatusBarWidgets</name>
    <message>
        <source>Retries paused</source>
        <translation>Wiederholungen pausiert</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) pending</source>
        <translation>
            <numerusform>%n Aktion ausstehend</numerusform>
            <numerusform>%n Aktionen ausstehend</numerusform>
        </translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>Speicher: %1</translation>
    </message>
    <message>
        <source>No gateway</source>
        <translation>Kein Gateway</translation>
    </message>
    <message>
        <source>Click to connect or change gateway</source>
        <translation>Klicken, um zu verbinden oder das Gateway zu wechseln</translation>
    </message>
    <message>
        <source>gateway %1</source>
        <translation>Gateway %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Round-trip time to the gateway</source>
        <translation>Antwortzeit des Gateways (Hin und zurück)</translation>
    </message>
    <message>
        <source>last event %1</source>
        <translation>letztes Ereignis %1</translation>
    </message>
    <message>
        <source>Certificate not checked</source>
        <translation>Zertifikat nicht geprüft</translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate is not verified (--no-verify-tls): anyone on the network path could read the token and the traffic.</source>
        <translation>Das Zertifikat des Gateways wird nicht geprüft (--no-verify-tls): Jeder auf dem Netzwerkweg könnte das Token und den Verkehr mitlesen.</translation>
    </message>
    <message>
        <source>Unencrypted</source>
        <translation>Unverschlüsselt</translation>
    </message>
    <message>
        <source>ws:// to another machine (--allow-insecure): the token and the traffic travel in clear text.</source>
        <translation>ws:// zu einem anderen Rechner (--allow-insecure): Token und Verkehr werden im Klartext übertragen.</translation>
    </message>
    <message>
        <source>Acting</source>
        <translation>Handelnd</translation>
    </message>
    <message>
        <source>This console&apos;s engine holds the store&apos;s lease: it schedules, retries and cancels for the fleet (lease epoch %1).</source>
        <translation>Die Engine dieser Konsole hält die Lease des Speichers: Sie plant, wiederholt und bricht für die Flotte ab (Lease-Epoche %1).</translation>
    </message>
    <message>
        <source>Following</source>
        <translation>Folgt</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>Folgt %1</translation>
    </message>
    <message>
        <source>The console on %1 (operator %2) acts for the fleet; this one shows the shared store and takes over if that console stops.</source>
        <translation>Die Konsole auf %1 (Operator %2) handelt für die Flotte; diese zeigt den gemeinsamen Speicher und übernimmt, wenn jene Konsole endet.</translation>
    </message>
    <message>
        <source>Store unreachable</source>
        <translation>Speicher nicht erreichbar</translation>
    </message>
    <message>
        <source>Nothing is sent to the fleet until the store answers again.</source>
        <translation>Bis der Speicher wieder antwortet, wird nichts an die Flotte gesendet.</translation>
    </message>
    <message>
        <source>Observer — ClawOps on %1 left</source>
        <translation>Beobachter — ClawOps auf %1 ist gegangen</translation>
    </message>
    <message>
        <source>Observer — ClawOps on %1 is acting</source>
        <translation>Beobachter — ClawOps auf %1 handelt</translation>
    </message>
    <message>
        <source>The ClawOps that acted on this gateway left it; this console takes over shortly unless it returns (File → Take Over does it now).</source>
        <translation>Das ClawOps, das an diesem Gateway handelte, hat es verlassen; diese Konsole übernimmt in Kürze, falls es nicht zurückkehrt (Datei → Übernehmen tut es sofort).</translation>
    </message>
    <message>
        <source>Another ClawOps, with a store of its own, acts on this gateway: this console sends nothing and shows what its store has (File → Take Over).</source>
        <translation>Ein anderes ClawOps mit eigenem Speicher handelt an diesem Gateway: Diese Konsole sendet nichts und zeigt, was ihr Speicher enthält (Datei → Übernehmen).</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait for the store</source>
        <translation>
            <numerusform>%n Änderung wartet auf den Speicher</numerusform>
            <numerusform>%n Änderungen warten auf den Speicher</numerusform>
        </translation>
    </message>
    <message>
        <source>The store cannot be written (%1). The engine keeps what changed in memory and writes it as soon as the store takes it again; quitting now loses it.</source>
        <translation>Der Speicher kann nicht beschrieben werden (%1). Die Engine behält die Änderungen im Arbeitsspeicher und schreibt sie, sobald der Speicher sie wieder annimmt; wer jetzt beendet, verliert sie.</translation>
    </message>
    <message>
        <source>see the notices</source>
        <translation>siehe die Hinweise</translation>
    </message>
    <message>
        <source>store unreachable</source>
        <translation>Speicher nicht erreichbar</translation>
    </message>
    <message>
        <source>ClawOps @ %1</source>
        <translation>ClawOps @ %1</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Also here: %1</source>
        <translation>Ebenfalls hier: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n other console(s)</source>
        <translation>
            <numerusform>%n weitere Konsole</numerusform>
            <numerusform>%n weitere Konsolen</numerusform>
        </translation>
    </message>
    <message>
        <source>Other ClawOps consoles on this store or gateway:</source>
        <translation>Weitere ClawOps-Konsolen an diesem Speicher oder Gateway:</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TaskDetailPanel</name>
    <message>
        <source>%1 @ %2</source>
        <comment>operator @ console host</comment>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Mitlaufen</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Select a task to see its spec, receipt, history and transcript.</source>
        <translation>Wählen Sie eine Aufgabe, um Spezifikation, Quittung, Verlauf und Gesprächsprotokoll zu sehen.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>Agent</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>Denkstufe</translation>
    </message>
    <message>
        <source>Last outcome</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>Anfragende Sitzung</translation>
    </message>
    <message>
        <source>Worker session</source>
        <translation>Worker-Sitzung</translation>
    </message>
    <message>
        <source>Gateway task</source>
        <translation>Gateway-Aufgabe</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>Task key</source>
        <translation>Aufgabenschlüssel</translation>
    </message>
    <message>
        <source>Task text (without the result contract):</source>
        <translation>Aufgabentext (ohne Ergebnisvertrag):</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>Statuswechsel</translation>
    </message>
    <message>
        <source>Attempts of the same work</source>
        <translation>Versuche derselben Arbeit</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>Refresh while the worker is active and keep the newest line in view</source>
        <translation>Aktualisieren, solange der Worker aktiv ist, und die neueste Zeile im Blick behalten</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>Übersicht</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Quittung</translation>
    </message>
    <message>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>Gesprächsprotokoll</translation>
    </message>
    <message>
        <source>Operator actions</source>
        <translation>Operator-Aktionen</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Task %1 is not in the store.</source>
        <translation>Aufgabe %1 ist nicht im Speicher.</translation>
    </message>
    <message>
        <source>%1 of %2 allowed</source>
        <translation>%1 von %2 erlaubten</translation>
    </message>
    <message>
        <source>(created)</source>
        <translation>(erstellt)</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate spawn(s) of this work were suppressed; the last came from %1.</source>
        <translation>
            <numerusform>%n doppelter Start dieser Arbeit wurde unterdrückt; er kam von %1.</numerusform>
            <numerusform>%n doppelte Starts dieser Arbeit wurden unterdrückt; der letzte kam von %1.</numerusform>
        </translation>
    </message>
    <message>
        <source>Grace window: %1</source>
        <translation>Karenzzeit: %1</translation>
    </message>
    <message>
        <source>No worker session for this attempt.</source>
        <translation>Keine Worker-Sitzung für diesen Versuch.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lese %1…</translation>
    </message>
    <message>
        <source>Transcript unavailable: %1</source>
        <translation>Gesprächsprotokoll nicht verfügbar: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) from %1, read %2</source>
        <translation>
            <numerusform>%n Zeile von %1, gelesen %2</numerusform>
            <numerusform>%n Zeilen von %1, gelesen %2</numerusform>
        </translation>
    </message>
    <message>
        <source>ticked: %1</source>
        <translation>abgehakt: %1</translation>
    </message>
    <message>
        <source>unticked: %1</source>
        <translation>Haken entfernt: %1</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>Herkunft</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TaskTableModel</name>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Bezeichnung</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>Orchestrator</translation>
    </message>
    <message>
        <source>Worker session</source>
        <translation>Worker-Sitzung</translation>
    </message>
    <message>
        <source>Last outcome</source>
        <translation>Letztes Ergebnis</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Aktualisiert</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>Nächster Lauf</translation>
    </message>
    <message>
        <source>This attempt / attempts allowed (the first run plus the retry budget)</source>
        <translation>Dieser Versuch / erlaubte Versuche (der erste Lauf plus das Wiederholungsbudget)</translation>
    </message>
    <message>
        <source>When a queued retry is dispatched</source>
        <translation>Wann eine eingeplante Wiederholung gestartet wird</translation>
    </message>
    <message>
        <source>The spawn kind (not sortable: it is part of the stored spec)</source>
        <translation>Die Startart (nicht sortierbar: Teil der gespeicherten Spezifikation)</translation>
    </message>
    <message>
        <source>The worker session of this attempt (not sortable yet)</source>
        <translation>Die Worker-Sitzung dieses Versuchs (noch nicht sortierbar)</translation>
    </message>
    <message>
        <source>Attempt %1 of %2 allowed</source>
        <translation>Versuch %1 von %2 erlaubten</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TasksPage</name>
    <message>
        <source>Show the tasks of one orchestrator session</source>
        <translation>Die Aufgaben einer Orchestrator-Sitzung anzeigen</translation>
    </message>
    <message>
        <source>Loading tasks…</source>
        <translation>Aufgaben werden geladen…</translation>
    </message>
    <message>
        <source>Could not load tasks: %1</source>
        <translation>Aufgaben konnten nicht geladen werden: %1</translation>
    </message>
    <message>
        <source>The store did not answer: %1
Press F5 to try again.</source>
        <translation>Der Speicher hat nicht geantwortet: %1
Mit F5 erneut versuchen.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>No task matches these filters.</source>
        <translation>Keine Aufgabe passt zu diesen Filtern.</translation>
    </message>
    <message>
        <source>%1 tasks</source>
        <translation>%1 Aufgaben</translation>
    </message>
    <message>
        <source>First %1 of %2 tasks; narrow the filters to see the others</source>
        <translation>Die ersten %1 von %2 Aufgaben; engen Sie die Filter ein, um die übrigen zu sehen</translation>
    </message>
    <message>
        <source>%1 of %2 tasks loaded</source>
        <translation>%1 von %2 Aufgaben geladen</translation>
    </message>
    <message>
        <source>Search: text, state:failed, label:build*, attempt&gt;1, orch:…</source>
        <translation>Suche: Text, state:failed, label:build*, attempt&gt;1, orch:…</translation>
    </message>
    <message>
        <source>The search&apos;s state: terms choose the states.</source>
        <translation>Die state:-Angaben der Suche wählen die Zustände.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TimelineView</name>
    <message>
        <source>Live</source>
        <translation>Live</translation>
    </message>
    <message>
        <source>Follow the present. Panning or zooming away from it stops following; click to come back.</source>
        <translation>Der Gegenwart folgen. Verschieben oder Zoomen beendet das Mitlaufen; klicken, um zurückzukehren.</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 min</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 min</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 h</translation>
    </message>
    <message>
        <source>2 h</source>
        <translation>2 h</translation>
    </message>
    <message>
        <source>How much time the window shows</source>
        <translation>Welchen Zeitraum das Fenster zeigt</translation>
    </message>
    <message>
        <source>No worker activity in this time window.</source>
        <translation>Keine Worker-Aktivität in diesem Zeitraum.</translation>
    </message>
    <message>
        <source>without orchestrator</source>
        <translation>ohne Orchestrator</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n worker session(s)</source>
        <translation>
            <numerusform>%1 – %n Worker-Sitzung</numerusform>
            <numerusform>%1 – %n Worker-Sitzungen</numerusform>
        </translation>
    </message>
    <message>
        <source>spawn requested</source>
        <translation>Start angefordert</translation>
    </message>
    <message numerus="yes">
        <source>%n worker session(s)</source>
        <translation>
            <numerusform>%n Worker-Sitzung</numerusform>
            <numerusform>%n Worker-Sitzungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n Versuch</numerusform>
            <numerusform>%n Versuche</numerusform>
        </translation>
    </message>
    <message>
        <source>paused at %1</source>
        <translation>pausiert bei %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>still working, %1 so far</source>
        <translation>arbeitet noch, bisher %1</translation>
    </message>
    <message>
        <source>%1 (after %2)</source>
        <translation>%1 (nach %2)</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>(ohne Bezeichnung)</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>Aufgabe</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>Worker</translation>
    </message>
    <message>
        <source>not accepted yet</source>
        <translation>noch nicht angenommen</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TokenStore</name>
    <message>
        <source>the system keychain</source>
        <translation>dem Systemschlüsselbund</translation>
    </message>
    <message>
        <source>an owner-only file (%1)</source>
        <translation>einer nur für den Eigentümer lesbaren Datei (%1)</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1).</source>
        <translation>Der Systemschlüsselbund ist nicht verfügbar (%1).</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <source>%1 is not a token file; leaving it alone.</source>
        <translation>%1 ist keine Token-Datei; sie bleibt unangetastet.</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TrayNotifier</name>
    <message>
        <source>Do Not &amp;Disturb</source>
        <translation>&amp;Nicht stören</translation>
    </message>
    <message>
        <source>Show no desktop notifications; counts stay up to date</source>
        <translation>Keine Desktop-Benachrichtigungen zeigen; die Zähler bleiben aktuell</translation>
    </message>
    <message>
        <source>Show ClawOps</source>
        <translation>ClawOps anzeigen</translation>
    </message>
    <message>
        <source>Quit ClawOps</source>
        <translation>ClawOps beenden</translation>
    </message>
    <message>
        <source>ClawOps</source>
        <translation>ClawOps</translation>
    </message>
    <message>
        <source>Do not disturb is on</source>
        <translation>Nicht stören ist an</translation>
    </message>
</context>
<context>
    <name>clawops::ui::VerificationChecklist</name>
    <message>
        <source>Verification checklist</source>
        <translation>Prüf-Checkliste</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfschritt</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>Erwartet</translation>
    </message>
    <message>
        <source>Tick each check once you have confirmed it. Every tick is recorded in the task&apos;s operator actions.</source>
        <translation>Haken Sie jeden Prüfschritt ab, sobald Sie ihn bestätigt haben. Jeder Haken wird in den Operator-Aktionen der Aufgabe festgehalten.</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n check(s) ticked; Verify waits for the rest.</source>
        <translation>
            <numerusform>%1 von %n Prüfschritt abgehakt; Bestätigen wartet auf den Rest.</numerusform>
            <numerusform>%1 von %n Prüfschritten abgehakt; Bestätigen wartet auf den Rest.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n check(s) ticked.</source>
        <translation>
            <numerusform>%1 von %n Prüfschritt abgehakt.</numerusform>
            <numerusform>%1 von %n Prüfschritten abgehakt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every check is ticked.</source>
        <translation>Jeder Prüfschritt ist abgehakt.</translation>
    </message>
</context>
<context>
    <name>clawops::ui::WindowMenus</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>&amp;Verbinden…</translation>
    </message>
    <message>
        <source>Choose the gateway and token</source>
        <translation>Gateway und Token wählen</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Neu laden</translation>
    </message>
    <message>
        <source>Read the tables again from the store</source>
        <translation>Die Tabellen erneut aus dem Speicher lesen</translation>
    </message>
    <message>
        <source>&amp;Find Tasks</source>
        <translation>Aufgaben &amp;suchen</translation>
    </message>
    <message>
        <source>Copy Task IDs</source>
        <translation>Aufgaben-IDs kopieren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About ClawOps</source>
        <translation>&amp;Über ClawOps</translation>
    </message>
    <message>
        <source>About ClawOps</source>
        <translation>Über ClawOps</translation>
    </message>
    <message>
        <source>&lt;b&gt;ClawOps %1&lt;/b&gt;&lt;p&gt;Operations console and orchestration engine for OpenClaw agents.&lt;/p&gt;</source>
        <translation>&lt;b&gt;ClawOps %1&lt;/b&gt;&lt;p&gt;Betriebskonsole und Orchestrierungs-Engine für OpenClaw-Agenten.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>&amp;Aufgaben</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>&amp;Posteingang</translation>
    </message>
    <message>
        <source>Retry &amp;Queue</source>
        <translation>&amp;Wiederholungen</translation>
    </message>
    <message>
        <source>Time&amp;line</source>
        <translation>&amp;Zeitleiste</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>&amp;Diagramme</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Task</source>
        <translation>Auf&amp;gabe</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <source>&amp;Next Item</source>
        <translation>&amp;Nächster Eintrag</translation>
    </message>
    <message>
        <source>&amp;Previous Item</source>
        <translation>&amp;Vorheriger Eintrag</translation>
    </message>
    <message>
        <source>&amp;Back to Last Decided Task</source>
        <translation>&amp;Zurück zur zuletzt entschiedenen Aufgabe</translation>
    </message>
    <message>
        <source>Select the next row of the list shown</source>
        <translation>Die nächste Zeile der angezeigten Liste wählen</translation>
    </message>
    <message>
        <source>Select the previous row of the list shown</source>
        <translation>Die vorherige Zeile der angezeigten Liste wählen</translation>
    </message>
    <message>
        <source>Select the task of your last Inbox decision and show its detail</source>
        <translation>Die Aufgabe Ihrer letzten Entscheidung im Posteingang wählen und ihre Details zeigen</translation>
    </message>
    <message>
        <source>&amp;Export Task History…</source>
        <translation>Aufgabenverlauf &amp;exportieren…</translation>
    </message>
    <message>
        <source>Save the selected task&apos;s transitions, attempts, receipt, operator actions and transcript tail as JSON</source>
        <translation>Zustandswechsel, Versuche, Quittung, Operator-Aktionen und Verlaufsende der gewählten Aufgabe als JSON speichern</translation>
    </message>
    <message>
        <source>Export &amp;View as CSV…</source>
        <translation>&amp;Ansicht als CSV exportieren…</translation>
    </message>
    <message>
        <source>Save every task the Tasks or Inbox tab shows, with its filters and order, as CSV</source>
        <translation>Jede Aufgabe, die der Tab „Aufgaben“ oder „Posteingang“ zeigt, mit Filtern und Reihenfolge als CSV speichern</translation>
    </message>
    <message>
        <source>&amp;Take Over</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Act in place of the ClawOps acting on this gateway; it becomes an observer</source>
        <translation>Anstelle des an diesem Gateway handelnden ClawOps handeln; es wird zum Beobachter</translation>
    </message>
</context>
</TS>
