<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActionRules</name>
    <message>
        <source>only tasks that need verification can be verified</source>
        <translation>只有待验证的任务才能验证</translation>
    </message>
    <message>
        <source>only tasks that need verification or input can be rejected</source>
        <translation>只有待验证或待输入的任务才能驳回</translation>
    </message>
    <message>
        <source>only tasks that need input can be answered</source>
        <translation>只有待输入的任务才能回答</translation>
    </message>
    <message>
        <source>a worker is on it; kill it before retrying</source>
        <translation>已有工作者在处理；请先终止再重试</translation>
    </message>
    <message>
        <source>it is already finished</source>
        <translation>该任务已完成</translation>
    </message>
    <message>
        <source>it is already dead</source>
        <translation>该任务已放弃</translation>
    </message>
    <message>
        <source>no retry is queued</source>
        <translation>没有排队中的重试</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>another action on it is still pending</source>
        <translation>针对该任务的另一操作仍在等待处理</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Verify with Note</source>
        <translation>附备注验证</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>Force Retry</source>
        <translation>强制重试</translation>
    </message>
    <message>
        <source>Kill</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>Mark Dead</source>
        <translation>标记为放弃</translation>
    </message>
    <message>
        <source>Cancel Retry</source>
        <translation>取消重试</translation>
    </message>
    <message>
        <source>Marks the task done: you checked the worker&apos;s result.</source>
        <translation>将任务标记为已完成：你已检查过工作者的结果。</translation>
    </message>
    <message>
        <source>Fails the task, or, with &quot;retry&quot;, queues a new attempt now that carries your note to the orchestrator.</source>
        <translation>将任务判为失败；或选择“重试”，立即排入一次新尝试，并把你的备注带给编排器。</translation>
    </message>
    <message>
        <source>Sends your answer to the worker session if it is still alive, otherwise to its orchestrator with a respawn of the task.</source>
        <translation>若工作会话仍在运行，则把你的回答发给它；否则发给其编排器，并重新派生该任务。</translation>
    </message>
    <message>
        <source>Dispatches a retry right away, ignoring the backoff and the retry budget.</source>
        <translation>立即派发一次重试，忽略退避时间和重试配额。</translation>
    </message>
    <message>
        <source>Cancels the worker session (if one is running) and marks the task dead.</source>
        <translation>取消工作会话（如有运行）并将任务标记为放弃。</translation>
    </message>
    <message>
        <source>Marks the task dead without touching any worker session.</source>
        <translation>将任务标记为放弃，不影响任何工作会话。</translation>
    </message>
    <message>
        <source>Drops the queued retry; the task becomes dead.</source>
        <translation>丢弃排队中的重试；任务变为已放弃。</translation>
    </message>
    <message numerus="yes">
        <source>%n verification check(s) not ticked yet</source>
        <translation>
            <numerusform>还有 %n 项验证检查未勾选</numerusform>
        </translation>
    </message>
    <message>
        <source>open it and tick its verification checks first</source>
        <translation>请先打开它并勾选其验证检查</translation>
    </message>
    <message>
        <source>only tasks in the Inbox (needs input or verification) can be claimed</source>
        <translation>只有收件箱中的任务（待输入或待验证）才能认领</translation>
    </message>
    <message>
        <source>you claim it already</source>
        <translation>您已认领此任务</translation>
    </message>
    <message>
        <source>nobody claims it</source>
        <translation>无人认领</translation>
    </message>
    <message>
        <source>%1 claimed this task %2 ago. Act anyway?</source>
        <translation>%1 在 %2 前认领了此任务。仍要执行吗？</translation>
    </message>
    <message numerus="yes">
        <source>Claimed by someone else: %1 of these %n task(s) (%2). Act on them anyway?</source>
        <translation>
            <numerusform>已由他人认领：这 %n 个任务中的 %1 个（%2）。仍要执行吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Release Claim</source>
        <translation>释放认领</translation>
    </message>
    <message>
        <source>Tells the other consoles that you handle this Inbox item; they see your name on it and are asked before they act on it.</source>
        <translation>告知其他控制台由您处理此收件箱项目；他们会看到您的名字，并在操作前被询问。</translation>
    </message>
    <message>
        <source>Takes the claim off the task, so that it is anyone&apos;s again.</source>
        <translation>取消对此任务的认领，任何人都可以再处理它。</translation>
    </message>
</context>
<context>
    <name>ClaimWords</name>
    <message>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <source>%1 @ %2</source>
        <comment>operator @ console host</comment>
        <translation>%1 @ %2</translation>
    </message>
    <message>
        <source>claimed by you</source>
        <translation>已由您认领</translation>
    </message>
    <message>
        <source>claimed by %1</source>
        <translation>已由 %1 认领</translation>
    </message>
</context>
<context>
    <name>ConnectionAdvice</name>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Signing in</source>
        <translation>正在登录</translation>
    </message>
    <message>
        <source>Catching up</source>
        <translation>正在同步</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>正在重连</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>This device is waiting for approval</source>
        <translation>此设备正在等待批准</translation>
    </message>
    <message>
        <source>The gateway does not know this console yet (or it asks for more rights than it was paired with).</source>
        <translation>网关尚不认识此控制台（或它请求的权限超出了配对时授予的范围）。</translation>
    </message>
    <message>
        <source>Approve this device on the gateway host: openclaw devices approve %1 — then press Connect.</source>
        <translation>请在网关主机上批准此设备：openclaw devices approve %1，然后点击“连接”。</translation>
    </message>
    <message>
        <source>The pairing request was rejected</source>
        <translation>配对请求被拒绝</translation>
    </message>
    <message>
        <source>Someone declined this device on the gateway.</source>
        <translation>有人在网关上拒绝了此设备。</translation>
    </message>
    <message>
        <source>Ask the gateway&apos;s owner to approve it, then press Connect to send a new request.</source>
        <translation>请网关所有者批准，然后点击“连接”发送新请求。</translation>
    </message>
    <message>
        <source>The pairing request expired</source>
        <translation>配对请求已过期</translation>
    </message>
    <message>
        <source>Nobody approved this device in time.</source>
        <translation>没有人及时批准此设备。</translation>
    </message>
    <message>
        <source>Press Connect to send a new request, then approve it with: openclaw devices approve &lt;requestId&gt;</source>
        <translation>点击“连接”发送新请求，然后用以下命令批准：openclaw devices approve &lt;requestId&gt;</translation>
    </message>
    <message>
        <source>The token was rejected</source>
        <translation>令牌被拒绝</translation>
    </message>
    <message>
        <source>The gateway token you gave does not match the gateway&apos;s.</source>
        <translation>你提供的网关令牌与网关的不一致。</translation>
    </message>
    <message>
        <source>Paste the gateway token shown by `openclaw gateway auth-token --show` on the gateway host.</source>
        <translation>请粘贴在网关主机上运行 `openclaw gateway auth-token --show` 显示的网关令牌。</translation>
    </message>
    <message>
        <source>The gateway needs a token</source>
        <translation>网关需要令牌</translation>
    </message>
    <message>
        <source>No token was sent and this device has no device token for this gateway yet.</source>
        <translation>未发送令牌，且此设备尚无该网关的设备令牌。</translation>
    </message>
    <message>
        <source>The stored device token is no longer valid</source>
        <translation>已保存的设备令牌已失效</translation>
    </message>
    <message>
        <source>The gateway revoked or rotated the token it issued to this device.</source>
        <translation>网关已吊销或轮换了为此设备签发的令牌。</translation>
    </message>
    <message>
        <source>Connect once with the shared gateway token; the gateway issues a new device token.</source>
        <translation>请使用共享网关令牌连接一次，网关会签发新的设备令牌。</translation>
    </message>
    <message>
        <source>This device lacks operator rights</source>
        <translation>此设备缺少操作员权限</translation>
    </message>
    <message>
        <source>It was paired with fewer scopes than the console needs (operator read and write).</source>
        <translation>配对时授予的权限范围少于控制台所需（操作员读写）。</translation>
    </message>
    <message>
        <source>Re-pair: run `openclaw devices list` on the gateway host and approve the scope upgrade request.</source>
        <translation>重新配对：在网关主机上运行 `openclaw devices list`，并批准权限升级请求。</translation>
    </message>
    <message>
        <source>Too many sign-in attempts</source>
        <translation>登录尝试次数过多</translation>
    </message>
    <message>
        <source>The gateway is refusing sign-ins for a while.</source>
        <translation>网关暂时拒绝登录。</translation>
    </message>
    <message>
        <source>Wait a minute, check the token, then press Connect.</source>
        <translation>请等待一分钟，检查令牌，然后点击“连接”。</translation>
    </message>
    <message>
        <source>The device signature was too old</source>
        <translation>设备签名已过时</translation>
    </message>
    <message>
        <source>This computer&apos;s clock and the gateway&apos;s differ by more than two minutes.</source>
        <translation>本机时钟与网关时钟相差超过两分钟。</translation>
    </message>
    <message>
        <source>Fix the clock (enable NTP) on either machine, then press Connect.</source>
        <translation>请校准任一台机器的时钟（启用 NTP），然后点击“连接”。</translation>
    </message>
    <message>
        <source>The device identity was refused</source>
        <translation>设备身份被拒绝</translation>
    </message>
    <message>
        <source>The gateway could not check this device&apos;s signature.</source>
        <translation>网关无法校验此设备的签名。</translation>
    </message>
    <message>
        <source>Press Connect to try again; if it persists, remove the device on the gateway and pair again.</source>
        <translation>点击“连接”重试；若问题持续，请在网关上移除此设备后重新配对。</translation>
    </message>
    <message>
        <source>The gateway speaks another protocol version</source>
        <translation>网关使用的协议版本不同</translation>
    </message>
    <message>
        <source>This ClawOps and the gateway are too far apart in version.</source>
        <translation>此 ClawOps 与网关的版本相差太大。</translation>
    </message>
    <message>
        <source>Update ClawOps or the gateway so that they match.</source>
        <translation>请更新 ClawOps 或网关，使两者版本匹配。</translation>
    </message>
    <message>
        <source>The gateway is starting</source>
        <translation>网关正在启动</translation>
    </message>
    <message>
        <source>It accepted the connection but is not ready yet.</source>
        <translation>它已接受连接，但尚未就绪。</translation>
    </message>
    <message>
        <source>Nothing to do: ClawOps tries again on its own.</source>
        <translation>无需操作：ClawOps 会自动重试。</translation>
    </message>
    <message>
        <source>The gateway did not answer the sign-in</source>
        <translation>网关未响应登录</translation>
    </message>
    <message>
        <source>The socket opened but no reply came in time.</source>
        <translation>套接字已打开，但未及时收到回复。</translation>
    </message>
    <message>
        <source>Check that the URL points at an OpenClaw gateway (ws://host:18789/).</source>
        <translation>请确认该 URL 指向 OpenClaw 网关（ws://host:18789/）。</translation>
    </message>
    <message>
        <source>The connection failed</source>
        <translation>连接失败</translation>
    </message>
    <message>
        <source>The connection failed (%1)</source>
        <translation>连接失败（%1）</translation>
    </message>
    <message>
        <source>Reconnecting in %1</source>
        <translation>%1后重连</translation>
    </message>
    <message>
        <source>Stopped: needs you</source>
        <translation>已停止：需要你处理</translation>
    </message>
    <message>
        <source>Not connecting without encryption</source>
        <translation>不建立未加密的连接</translation>
    </message>
    <message>
        <source>ws:// to another machine would send the gateway token in clear text.</source>
        <translation>通过 ws:// 连接其他机器会以明文发送网关令牌。</translation>
    </message>
    <message>
        <source>Use a wss:// address, or allow unencrypted connections explicitly (--allow-insecure, or the connect dialog).</source>
        <translation>请使用 wss:// 地址，或明确允许未加密连接（--allow-insecure，或在连接对话框中设置）。</translation>
    </message>
</context>
<context>
    <name>EngineWords</name>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed with an error</source>
        <translation>因错误而失败</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>was killed</source>
        <translation>已被终止</translation>
    </message>
    <message>
        <source>was reset</source>
        <translation>已被重置</translation>
    </message>
    <message>
        <source>was deleted</source>
        <translation>已被删除</translation>
    </message>
    <message>
        <source>was interrupted by a gateway restart</source>
        <translation>因网关重启而中断</translation>
    </message>
    <message>
        <source>ended for an unknown reason</source>
        <translation>因未知原因结束</translation>
    </message>
    <message>
        <source>worker %1</source>
        <translation>工作者%1</translation>
    </message>
    <message>
        <source>result rejected by an operator</source>
        <translation>结果被操作员驳回</translation>
    </message>
    <message>
        <source>answered by an operator; the worker was gone</source>
        <translation>已由操作员答复；工作者已不在</translation>
    </message>
    <message>
        <source>forced by an operator</source>
        <translation>由操作员强制</translation>
    </message>
    <message>
        <source>restored after a restart</source>
        <translation>重启后恢复</translation>
    </message>
    <message>
        <source>spawn requested</source>
        <translation>已请求启动</translation>
    </message>
    <message>
        <source>the gateway did not accept the spawn</source>
        <translation>网关未接受启动</translation>
    </message>
    <message>
        <source>the spawn was accepted without a worker session</source>
        <translation>启动已被接受，但没有工作者会话</translation>
    </message>
    <message>
        <source>worker started</source>
        <translation>工作者已启动</translation>
    </message>
    <message>
        <source>respawned as the next attempt</source>
        <translation>已作为下一次尝试重新启动</translation>
    </message>
    <message>
        <source>out of retries; the last worker %1</source>
        <translation>重试次数已用尽；最后一个工作者%1</translation>
    </message>
    <message>
        <source>retry %1 queued; the worker %2</source>
        <translation>第 %1 次重试已排队；工作者%2</translation>
    </message>
    <message>
        <source>retry %1 queued by an operator</source>
        <translation>操作员已排队第 %1 次重试</translation>
    </message>
    <message>
        <source>retry sent (%1)</source>
        <translation>已发送重试（%1）</translation>
    </message>
    <message>
        <source>retry sent for an operator</source>
        <translation>已为操作员发送重试</translation>
    </message>
    <message>
        <source>no respawn within %1 s after the retry to %2</source>
        <translation>向 %2 发送重试后 %1 秒内未见重新启动</translation>
    </message>
    <message>
        <source>verified automatically after the grace window</source>
        <translation>宽限期结束后自动确认</translation>
    </message>
    <message>
        <source>grace window over; the receipt lists nothing to verify</source>
        <translation>宽限期已过；回执中没有可核验的内容</translation>
    </message>
    <message>
        <source>grace window over without a receipt</source>
        <translation>宽限期已过，未收到回执</translation>
    </message>
    <message>
        <source>the worker became an orchestrator</source>
        <translation>工作者已成为编排者</translation>
    </message>
    <message>
        <source>worker reports done; verification listed</source>
        <translation>工作者报告完成；已列出核验项</translation>
    </message>
    <message>
        <source>worker reports done; nothing to verify</source>
        <translation>工作者报告完成；无需核验</translation>
    </message>
    <message>
        <source>worker reports done without verification items</source>
        <translation>工作者报告完成，但没有核验项</translation>
    </message>
    <message>
        <source>worker reports it is blocked</source>
        <translation>工作者报告受阻</translation>
    </message>
    <message>
        <source>worker reports it failed</source>
        <translation>工作者报告失败</translation>
    </message>
    <message>
        <source>verified by an operator</source>
        <translation>已由操作员确认</translation>
    </message>
    <message>
        <source>rejected by an operator</source>
        <translation>已被操作员驳回</translation>
    </message>
    <message>
        <source>answered by an operator</source>
        <translation>已由操作员答复</translation>
    </message>
    <message>
        <source>killed by an operator</source>
        <translation>已被操作员终止</translation>
    </message>
    <message>
        <source>marked dead by an operator</source>
        <translation>已被操作员标记为放弃</translation>
    </message>
    <message>
        <source>retry cancelled by an operator</source>
        <translation>重试已被操作员取消</translation>
    </message>
    <message>
        <source>Task %1 verified and done.</source>
        <translation>任务 %1 已确认并完成。</translation>
    </message>
    <message>
        <source>Task %1 rejected.</source>
        <translation>任务 %1 已驳回。</translation>
    </message>
    <message>
        <source>Task %1 rejected; a retry with your note is queued.</source>
        <translation>任务 %1 已驳回；附带您备注的重试已排队。</translation>
    </message>
    <message>
        <source>Answer sent to worker %1; task %2 resumes.</source>
        <translation>答复已发送给工作者 %1；任务 %2 继续进行。</translation>
    </message>
    <message>
        <source>The worker is gone; the answer goes to orchestrator %1 with a respawn of task %2.</source>
        <translation>工作者已不在；答复将连同任务 %2 的重新启动一起发给编排者 %1。</translation>
    </message>
    <message>
        <source>Retry of task %1 sent to its orchestrator.</source>
        <translation>任务 %1 的重试已发送给其编排者。</translation>
    </message>
    <message>
        <source>Cancelling worker %1; task %2 is dead.</source>
        <translation>正在取消工作者 %1；任务 %2 已放弃。</translation>
    </message>
    <message>
        <source>Task %1 is dead (no running worker).</source>
        <translation>任务 %1 已放弃（没有正在运行的工作者）。</translation>
    </message>
    <message>
        <source>Task %1 is dead.</source>
        <translation>任务 %1 已放弃。</translation>
    </message>
    <message>
        <source>Automatic retries paused.</source>
        <translation>自动重试已暂停。</translation>
    </message>
    <message>
        <source>Automatic retries resumed.</source>
        <translation>自动重试已恢复。</translation>
    </message>
    <message>
        <source>There is no task %1.</source>
        <translation>不存在任务 %1。</translation>
    </message>
    <message>
        <source>Task %1 is %2; this needs %3.</source>
        <translation>任务 %1 处于%2状态；此操作需要%3。</translation>
    </message>
    <message>
        <source>Task %1 has no stored spec to retry from.</source>
        <translation>任务 %1 没有可用于重试的已存规格。</translation>
    </message>
    <message>
        <source>Task %1 has no live worker and no stored spec.</source>
        <translation>任务 %1 既没有存活的工作者，也没有已存规格。</translation>
    </message>
    <message>
        <source>An answer needs some text.</source>
        <translation>答复需要填写内容。</translation>
    </message>
    <message>
        <source>Task %1 is %2; kill it before retrying.</source>
        <translation>任务 %1 处于%2状态；请先终止再重试。</translation>
    </message>
    <message>
        <source>Task %1 is already active for the same work.</source>
        <translation>任务 %1 已在处理同一项工作。</translation>
    </message>
    <message>
        <source>Task %1 is already dead.</source>
        <translation>任务 %1 已经放弃。</translation>
    </message>
    <message>
        <source>Automatic retries are already paused.</source>
        <translation>自动重试已处于暂停状态。</translation>
    </message>
    <message>
        <source>Automatic retries are already running.</source>
        <translation>自动重试已在运行。</translation>
    </message>
    <message>
        <source>The engine is not running.</source>
        <translation>引擎未在运行。</translation>
    </message>
    <message>
        <source>This console&apos;s engine is not the one acting on the fleet.</source>
        <translation>本控制台的引擎不是当前为集群执行操作的引擎。</translation>
    </message>
    <message>
        <source>No console is acting on the fleet; the command was withdrawn.</source>
        <translation>没有控制台在操作集群；该命令已撤回。</translation>
    </message>
    <message>
        <source>Task %1 is claimed by you; the other consoles show it.</source>
        <translation>任务 %1 已由您认领；其他控制台会显示此认领。</translation>
    </message>
    <message>
        <source>Your claim on task %1 is released.</source>
        <translation>您对任务 %1 的认领已释放。</translation>
    </message>
    <message>
        <source>The store could not be read: %1</source>
        <translation>无法读取存储：%1</translation>
    </message>
    <message>
        <source>Check ticked on task %1: %2</source>
        <translation>已勾选任务 %1 的检查项：%2</translation>
    </message>
    <message>
        <source>Check unticked on task %1: %2</source>
        <translation>已取消勾选任务 %1 的检查项：%2</translation>
    </message>
    <message>
        <source>Task %1 has no such verification item.</source>
        <translation>任务 %1 没有这个验证项。</translation>
    </message>
    <message>
        <source>retired orchestrator used a tool</source>
        <translation>已退役的编排器使用了工具</translation>
    </message>
    <message>
        <source>message outside the #friday channels</source>
        <translation>消息发往 #friday 频道之外</translation>
    </message>
    <message>
        <source>front session used a direct tool</source>
        <translation>前台会话直接使用了工具</translation>
    </message>
    <message>
        <source>orchestrator did not delegate</source>
        <translation>编排器未委派任务</translation>
    </message>
    <message>
        <source>run aborted, reason sent</source>
        <translation>已中止运行并发送原因</translation>
    </message>
    <message>
        <source>flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>Your decision went to the gateway: %1</source>
        <translation>您的决定已发送到网关：%1</translation>
    </message>
    <message>
        <source>That approval no longer waits.</source>
        <translation>该审批已不再等待。</translation>
    </message>
    <message>
        <source>The gateway does not offer that decision for: %1</source>
        <translation>网关不为此提供该决定：%1</translation>
    </message>
    <message>
        <source>Not connected to the gateway; nothing was decided.</source>
        <translation>未连接到网关；未做任何决定。</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>启动中</translation>
    </message>
    <message>
        <source>acting</source>
        <translation>执行中</translation>
    </message>
    <message>
        <source>following</source>
        <translation>跟随中</translation>
    </message>
    <message>
        <source>store unreachable</source>
        <translation>存储不可达</translation>
    </message>
    <message>
        <source>observing</source>
        <translation>观察中</translation>
    </message>
</context>
<context>
    <name>LineageStep</name>
    <message>
        <source>Receipt</source>
        <translation>回执</translation>
    </message>
    <message>
        <source>%1 for %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%n verification item(s)</source>
        <translation>
            <numerusform>%n 个验证项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n artifact(s)</source>
        <translation>
            <numerusform>，%n 个产物</numerusform>
        </translation>
    </message>
    <message>
        <source>Front session</source>
        <translation>前端会话</translation>
    </message>
    <message>
        <source>asked for the work</source>
        <translation>发起了这项工作</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>编排器</translation>
    </message>
    <message>
        <source>spawned the workers</source>
        <translation>启动了工作者</translation>
    </message>
    <message>
        <source>Attempt %1</source>
        <translation>第 %1 次尝试</translation>
    </message>
    <message>
        <source>no worker session yet</source>
        <translation>尚无工作者会话</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Retry message</source>
        <translation>重试消息</translation>
    </message>
</context>
<context>
    <name>NotificationPolicy</name>
    <message>
        <source>A task needs input</source>
        <translation>有一个任务待输入</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks need input</source>
        <translation>
            <numerusform>%n 个任务待输入</numerusform>
        </translation>
    </message>
    <message>
        <source>A task needs verification</source>
        <translation>有一个任务待验证</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks need verification</source>
        <translation>
            <numerusform>%n 个任务待验证</numerusform>
        </translation>
    </message>
    <message>
        <source>A task is dead</source>
        <translation>有一个任务已放弃</translation>
    </message>
    <message numerus="yes">
        <source>%n tasks are dead</source>
        <translation>
            <numerusform>%n 个任务已放弃</numerusform>
        </translation>
    </message>
    <message>
        <source>A worker failed</source>
        <translation>有一个工作者失败</translation>
    </message>
    <message numerus="yes">
        <source>%n workers failed</source>
        <translation>
            <numerusform>%n 个工作者失败</numerusform>
        </translation>
    </message>
    <message>
        <source>No retry is scheduled (%1).</source>
        <translation>未安排重试（%1）。</translation>
    </message>
    <message numerus="yes">
        <source>…and %n more</source>
        <translation>
            <numerusform>……另有 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Also: %1</source>
        <translation>另外：%1</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>%1: %L2</source>
        <translation>%1：%L2</translation>
    </message>
    <message>
        <source>Out of retries; the last worker %1.</source>
        <translation>重试次数已用尽；最后一个工作者%1。</translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation>%2 中的 %1</translation>
    </message>
    <message>
        <source>A policy was broken</source>
        <translation>违反了一项策略</translation>
    </message>
    <message numerus="yes">
        <source>%n policy violations</source>
        <translation>
            <numerusform>%n 项策略违规</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PendingCommands</name>
    <message>
        <source>claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>release claim</source>
        <translation>释放认领</translation>
    </message>
    <message>
        <source>verify</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>kill</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>mark dead</source>
        <translation>标记为放弃</translation>
    </message>
    <message>
        <source>cancel retry</source>
        <translation>取消重试</translation>
    </message>
    <message>
        <source>pause retries</source>
        <translation>暂停重试</translation>
    </message>
    <message>
        <source>resume retries</source>
        <translation>恢复重试</translation>
    </message>
    <message>
        <source>%1 pending</source>
        <translation>%1 待处理</translation>
    </message>
    <message>
        <source>tick check</source>
        <translation>勾选检查项</translation>
    </message>
    <message>
        <source>approval decision</source>
        <translation>审批决定</translation>
    </message>
</context>
<context>
    <name>QuerySyntax</name>
    <message>
        <source>“%1”: the attempt is not a number</source>
        <translation>“%1”：尝试次数不是数字</translation>
    </message>
    <message>
        <source>“%1” is not a state (queued, leased, running, needs_input, needs_verification, done, failed, dead)</source>
        <translation>“%1”不是状态（queued、leased、running、needs_input、needs_verification、done、failed、dead）</translation>
    </message>
    <message>
        <source>“%1”: write attempt&gt;1, attempt&gt;=2, attempt&lt;3, attempt&lt;=2 or attempt=2</source>
        <translation>“%1”：请写 attempt&gt;1、attempt&gt;=2、attempt&lt;3、attempt&lt;=2 或 attempt=2</translation>
    </message>
    <message>
        <source>“%1:” is not a search field; searched as text</source>
        <translation>“%1:”不是搜索字段；按文本搜索</translation>
    </message>
    <message>
        <source>The state terms leave no state; nothing can match.</source>
        <translation>状态条件排除了所有状态；没有任何任务能匹配。</translation>
    </message>
    <message>
        <source>“%1”: receipt and note terms cannot be negated</source>
        <translation>“%1”：receipt 和 note 条件不能取反</translation>
    </message>
    <message>
        <source>Search: free text, or terms such as state:failed,dead  -state:done  label:build*  orch:*main*  worker:*  outcome:worker-*  id:4f2a*  attempt&gt;1  receipt:text  note:text (a leading - negates; * matches any text; quote values with spaces)</source>
        <translation>搜索：自由文本，或如下条件 state:failed,dead  -state:done  label:build*  orch:*main*  worker:*  outcome:worker-*  id:4f2a*  attempt&gt;1  receipt:text  note:text（前置 - 表示取反；* 匹配任意文本；含空格的值请加引号）</translation>
    </message>
</context>
<context>
    <name>ReceiptSummary</name>
    <message>
        <source>the receipt is not a JSON object</source>
        <translation>回执不是 JSON 对象</translation>
    </message>
</context>
<context>
    <name>StateStyle</name>
    <message>
        <source>queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>leased</source>
        <translation>已分派</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>needs input</source>
        <translation>待输入</translation>
    </message>
    <message>
        <source>needs verification</source>
        <translation>待验证</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>Waiting for a retry to be dispatched or respawned.</source>
        <translation>等待重试被派发或重新派生。</translation>
    </message>
    <message>
        <source>Spawn requested; the gateway has not started the worker yet.</source>
        <translation>已请求派生；网关尚未启动工作者。</translation>
    </message>
    <message>
        <source>A worker session is working on it.</source>
        <translation>有工作会话正在处理。</translation>
    </message>
    <message>
        <source>Blocked: the worker or the engine needs an answer from a human.</source>
        <translation>已阻塞：工作者或引擎需要人工答复。</translation>
    </message>
    <message>
        <source>The worker says it is done; a human should check its receipt.</source>
        <translation>工作者称已完成；需要人工检查其回执。</translation>
    </message>
    <message>
        <source>Finished and verified.</source>
        <translation>已完成并验证。</translation>
    </message>
    <message>
        <source>The worker failed and no retry is scheduled.</source>
        <translation>工作者失败，且未安排重试。</translation>
    </message>
    <message>
        <source>Given up: killed, marked dead, or out of retries.</source>
        <translation>已放弃：被终止、被标记为放弃或重试次数已用尽。</translation>
    </message>
</context>
<context>
    <name>TimeFormat</name>
    <message>
        <source>in %1</source>
        <translation>%1后</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分钟前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 小时前</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 天前</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分钟</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
    <message>
        <source>due</source>
        <translation>已到期</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
</context>
<context>
    <name>WaitingLimits</name>
    <message numerus="yes">
        <source>%n h</source>
        <translation>
            <numerusform>%n 小时</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n 分钟</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting too long: %1</source>
        <translation>等待过久：%1</translation>
    </message>
    <message>
        <source>In %1 for more than %2.</source>
        <translation>处于“%1”已超过 %2。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) wait longer than their limit</source>
        <translation>
            <numerusform>%n 个任务等待超过上限</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>以及另外 %n 个</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clawops</name>
    <message>
        <source>Cannot read the token file %1: %2</source>
        <translation>无法读取令牌文件 %1：%2</translation>
    </message>
    <message>
        <source>Cannot read the config file %1: %2</source>
        <translation>无法读取配置文件 %1：%2</translation>
    </message>
    <message>
        <source>The config file %1 is not a JSON object (%2).</source>
        <translation>配置文件 %1 不是 JSON 对象（%2）。</translation>
    </message>
    <message>
        <source>Operations console and orchestration engine for OpenClaw agent fleets.</source>
        <translation>面向 OpenClaw 智能体集群的运维控制台与编排引擎。</translation>
    </message>
    <message>
        <source>Print the version and exit.</source>
        <translation>打印版本号并退出。</translation>
    </message>
    <message>
        <source>Run the engine without a window until SIGINT/SIGTERM; log to stderr.</source>
        <translation>无窗口运行引擎直到收到 SIGINT/SIGTERM；日志输出到 stderr。</translation>
    </message>
    <message>
        <source>Connect to a built-in simulated gateway with live traffic.</source>
        <translation>连接到带实时流量的内置模拟网关。</translation>
    </message>
    <message>
        <source>Gateway WebSocket URL, e.g. ws://127.0.0.1:18789/.</source>
        <translation>网关 WebSocket URL，例如 ws://127.0.0.1:18789/。</translation>
    </message>
    <message>
        <source>JSON object with the orchestrator plugin&apos;s config keys.</source>
        <translation>包含编排器插件配置键的 JSON 对象。</translation>
    </message>
    <message>
        <source>Where the device key and issued device tokens are kept.</source>
        <translation>设备密钥和已签发设备令牌的存放位置。</translation>
    </message>
    <message>
        <source>Operator name for the audit log.</source>
        <translation>审计日志中记录的操作员名称。</translation>
    </message>
    <message>
        <source>Save a PNG of the main window after --screenshot-delay seconds, then quit.</source>
        <translation>在 --screenshot-delay 秒后保存主窗口的 PNG 截图，然后退出。</translation>
    </message>
    <message>
        <source>Seconds to wait before --screenshot (default 20).</source>
        <translation>执行 --screenshot 前等待的秒数（默认 20）。</translation>
    </message>
    <message>
        <source>The tab to show for --screenshot: tasks, inbox, retry, timeline or charts.</source>
        <translation>--screenshot 时显示的标签页：tasks、inbox、retry、timeline 或 charts。</translation>
    </message>
    <message>
        <source>With --headless: append each committed transition to this file as a JSON line.</source>
        <translation>与 --headless 一起使用：把每个已提交的状态转换作为一行 JSON 追加到此文件。</translation>
    </message>
    <message>
        <source>Unexpected argument: %1
</source>
        <translation>意外的参数：%1
</translation>
    </message>
    <message>
        <source>--gateway needs a ws:// or wss:// URL, got %1
</source>
        <translation>--gateway 需要 ws:// 或 wss:// URL，实际为 %1
</translation>
    </message>
    <message>
        <source>--headless needs --gateway URL (or --demo).
</source>
        <translation>--headless 需要 --gateway URL（或 --demo）。
</translation>
    </message>
    <message>
        <source>the top level is not an object</source>
        <translation>顶层不是对象</translation>
    </message>
    <message>
        <source>Allow ws:// to a gateway on another machine (the token travels unencrypted).</source>
        <translation>允许通过 ws:// 连接其他机器上的网关（令牌以未加密方式传输）。</translation>
    </message>
    <message>
        <source>Do not check the gateway&apos;s wss:// certificate (self-signed test gateways only).</source>
        <translation>不检查网关的 wss:// 证书（仅用于自签名的测试网关）。</translation>
    </message>
    <message>
        <source>File holding the gateway token, readable by you only (else $CLAWOPS_GATEWAY_TOKEN).</source>
        <translation>存放网关令牌的文件，仅限您本人可读（否则使用 $CLAWOPS_GATEWAY_TOKEN）。</translation>
    </message>
    <message>
        <source>The store: a SQLite file (created when missing) or a shared PostgreSQL database, postgresql://user@host:port/dbname (password from ~/.pgpass).</source>
        <translation>存储：一个 SQLite 文件（不存在时创建）或共享的 PostgreSQL 数据库，postgresql://user@host:port/dbname（密码取自 ~/.pgpass）。</translation>
    </message>
    <message>
        <source>Consoles sharing a store: how long the acting engine&apos;s lease lasts unrenewed before another console takes over (default 10000).</source>
        <translation>共享存储的控制台：执行引擎的租约在未续期时可持续多久，之后由另一个控制台接管（默认 10000）。</translation>
    </message>
    <message>
        <source>Copy every row of this SQLite store (ClawOps&apos;s or the plugin&apos;s orchestrator.db) into the --db store, then exit. Safe to repeat.</source>
        <translation>将此 SQLite 存储（ClawOps 的或插件的 orchestrator.db）的每一行复制到 --db 指定的存储，然后退出。可安全重复执行。</translation>
    </message>
    <message>
        <source>--import needs --db, the store to copy into (postgresql://… or a file).
</source>
        <translation>--import 需要 --db，即要复制到的存储（postgresql://… 或文件）。
</translation>
    </message>
    <message>
        <source>--lease-ttl-ms needs a number of milliseconds, at least 1000, got %1
</source>
        <translation>--lease-ttl-ms 需要一个毫秒数，至少 1000，得到的是 %1
</translation>
    </message>
    <message>
        <source>Act even if another ClawOps, with a store of its own, acts on the gateway: it steps down to observer.</source>
        <translation>即使另一个拥有自己存储的 ClawOps 正在该网关上执行，也由本实例执行：对方将退为观察者。</translation>
    </message>
    <message>
        <source>Observer: how long the acting ClawOps may be gone from the gateway before this one takes over (default 10000).</source>
        <translation>观察者：执行中的 ClawOps 离开网关多久后由本实例接管（默认 10000）。</translation>
    </message>
    <message>
        <source>--observer-grace-ms needs a number of milliseconds, got %1
</source>
        <translation>--observer-grace-ms 需要一个毫秒数，实际为 %1
</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ActionController</name>
    <message>
        <source>Pause Automatic Retries</source>
        <translation>暂停自动重试</translation>
    </message>
    <message>
        <source>Stop or resume dispatching queued retries; retries you force still go out.</source>
        <translation>停止或恢复派发排队中的重试；你强制发起的重试仍会发出。</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Select a task first.</source>
        <translation>请先选择一个任务。</translation>
    </message>
    <message>
        <source>Not now: %1</source>
        <translation>暂不可用：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n selected task(s) will be skipped.</source>
        <translation>
            <numerusform>将跳过 %n 个所选任务。</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: select a task first.</source>
        <translation>%1：请先选择一个任务。</translation>
    </message>
    <message>
        <source>%1: not possible now (%2).</source>
        <translation>%1：当前无法执行（%2）。</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n command(s) sent, waiting for the engine…</source>
        <translation>
            <numerusform>%1：已发送 %n 条命令，正在等待引擎…</numerusform>
        </translation>
    </message>
    <message>
        <source>Resume Automatic Retries</source>
        <translation>恢复自动重试</translation>
    </message>
    <message>
        <source>Resuming automatic retries…</source>
        <translation>正在恢复自动重试…</translation>
    </message>
    <message>
        <source>Pausing automatic retries…</source>
        <translation>正在暂停自动重试…</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 失败：%2</translation>
    </message>
    <message>
        <source>%1: all %2 tasks done.</source>
        <translation>%1：全部 %2 个任务已处理。</translation>
    </message>
    <message>
        <source>%1: %2 of %3 done; refused: %4</source>
        <translation>%1：已处理 %2/%3 个；被拒绝：%4</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ActionDialog</name>
    <message>
        <source>Your answer (goes to the worker if it is alive, else to its orchestrator):</source>
        <translation>你的回答（工作者仍在运行时发给它，否则发给其编排器）：</translation>
    </message>
    <message>
        <source>Note (sent to the orchestrator with the retry; kept in the audit log):</source>
        <translation>备注（随重试发给编排器，并记入审计日志）：</translation>
    </message>
    <message>
        <source>Note to the orchestrator (optional):</source>
        <translation>给编排器的备注（可选）：</translation>
    </message>
    <message>
        <source>Note (kept in the audit log):</source>
        <translation>备注（记入审计日志）：</translation>
    </message>
    <message>
        <source>Reason (optional, kept in the audit log):</source>
        <translation>原因（可选，记入审计日志）：</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Why it is skipped</source>
        <translation>跳过原因</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n task(s)</source>
        <translation>
            <numerusform>%1 — %n 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>This will act on %n task(s):</source>
        <translation>
            <numerusform>此操作将作用于 %n 个任务：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n selected task(s) will be left alone:</source>
        <translation>
            <numerusform>%n 个所选任务将保持不变：</numerusform>
        </translation>
    </message>
    <message>
        <source>Fail the task for good</source>
        <translation>将任务彻底判为失败</translation>
    </message>
    <message>
        <source>Retry now, with my note to the orchestrator</source>
        <translation>立即重试，并把我的备注发给编排器</translation>
    </message>
    <message>
        <source>Type %1 to confirm:</source>
        <translation>输入 %1 以确认：</translation>
    </message>
    <message numerus="yes">
        <source>%1 %n Tasks</source>
        <translation>
            <numerusform>%1 %n 个任务</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clawops::ui::ApprovalModel</name>
    <message>
        <source>approve once</source>
        <translation>允许一次</translation>
    </message>
    <message>
        <source>allow always</source>
        <translation>始终允许</translation>
    </message>
    <message>
        <source>deny</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>“%1” allowed always from this console</source>
        <translation>已从此控制台始终允许“%1”</translation>
    </message>
    <message>
        <source>“%1” approved once from this console</source>
        <translation>已从此控制台允许一次“%1”</translation>
    </message>
    <message>
        <source>“%1” approved elsewhere</source>
        <translation>“%1”已在别处批准</translation>
    </message>
    <message>
        <source>“%1” approved by %2 elsewhere</source>
        <translation>“%1”已由 %2 在别处批准</translation>
    </message>
    <message>
        <source>“%1” denied from this console</source>
        <translation>已从此控制台拒绝“%1”</translation>
    </message>
    <message>
        <source>“%1” denied elsewhere</source>
        <translation>“%1”已在别处被拒绝</translation>
    </message>
    <message>
        <source>“%1” denied by %2 elsewhere</source>
        <translation>“%1”已由 %2 在别处拒绝</translation>
    </message>
    <message>
        <source>“%1” expired: nobody decided before the gateway&apos;s timeout</source>
        <translation>“%1”已过期：在网关超时前无人决定</translation>
    </message>
    <message>
        <source>“%1” left: the run that asked has ended</source>
        <translation>“%1”已移除：发出请求的运行已结束</translation>
    </message>
    <message>
        <source>“%1” left: the gateway no longer lists it as waiting</source>
        <translation>“%1”已移除：网关不再将其列为等待中</translation>
    </message>
    <message>
        <source>not on the allowlist (%1, ask %2)</source>
        <translation>不在允许列表中（%1，询问 %2）</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>Asks to run</source>
        <translation>请求运行</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Session / task</source>
        <translation>会话 / 任务</translation>
    </message>
    <message>
        <source>Risk</source>
        <translation>风险</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>过期</translation>
    </message>
    <message>
        <source>%1 (plugin %2)</source>
        <translation>%1（插件 %2）</translation>
    </message>
    <message>
        <source>%1 (task %2)</source>
        <translation>%1（任务 %2）</translation>
    </message>
    <message>
        <source>sent: %1</source>
        <translation>已发送：%1</translation>
    </message>
    <message>
        <source>expiring now</source>
        <translation>即将过期</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>%1 后</translation>
    </message>
    <message>
        <source>Asked %1</source>
        <translation>请求于 %1</translation>
    </message>
    <message>
        <source>%1
resolves to %2</source>
        <translation>%1
解析为 %2</translation>
    </message>
    <message>
        <source>host %1, working directory %2, agent %3</source>
        <translation>主机 %1，工作目录 %2，代理 %3</translation>
    </message>
    <message>
        <source>%1
task %2</source>
        <translation>%1
任务 %2</translation>
    </message>
    <message>
        <source>exec policy: security %1, ask %2</source>
        <translation>执行策略：安全 %1，询问 %2</translation>
    </message>
    <message>
        <source>The gateway denies it at %1 unless someone decides</source>
        <translation>若无人决定，网关将于 %1 拒绝</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ApprovalPanel</name>
    <message>
        <source>Approve once (V)</source>
        <translation>允许一次 (V)</translation>
    </message>
    <message>
        <source>Deny (R)</source>
        <translation>拒绝 (R)</translation>
    </message>
    <message>
        <source>Allow always (A)</source>
        <translation>始终允许 (A)</translation>
    </message>
    <message>
        <source>Let the command run this once (V)</source>
        <translation>允许此命令运行这一次 (V)</translation>
    </message>
    <message>
        <source>Refuse it; the agent is told it was denied (R)</source>
        <translation>拒绝；代理会被告知已被拒绝 (R)</translation>
    </message>
    <message>
        <source>Let it run and stop asking for this command (A); only where the gateway offers it</source>
        <translation>允许运行并不再为此命令询问 (A)；仅在网关提供时可用</translation>
    </message>
    <message>
        <source>The gateway does not offer “allow always” for this command</source>
        <translation>网关未为此命令提供“始终允许”</translation>
    </message>
    <message>
        <source>Let it run and stop asking for this command (A)</source>
        <translation>允许运行并不再为此命令询问 (A)</translation>
    </message>
    <message numerus="yes">
        <source>%n gateway approval(s) wait for you</source>
        <translation>
            <numerusform>%n 个网关审批在等待您</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>clawops::ui::ChartsData</name>
    <message>
        <source>&lt; 30 s</source>
        <translation>&lt; 30 秒</translation>
    </message>
    <message>
        <source>30 s–1 min</source>
        <translation>30 秒–1 分钟</translation>
    </message>
    <message>
        <source>1–2 min</source>
        <translation>1–2 分钟</translation>
    </message>
    <message>
        <source>2–5 min</source>
        <translation>2–5 分钟</translation>
    </message>
    <message>
        <source>5–15 min</source>
        <translation>5–15 分钟</translation>
    </message>
    <message>
        <source>15–60 min</source>
        <translation>15–60 分钟</translation>
    </message>
    <message>
        <source>&gt; 1 h</source>
        <translation>&gt; 1 小时</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ChartsPage</name>
    <message>
        <source>Last 15 min</source>
        <translation>最近 15 分钟</translation>
    </message>
    <message>
        <source>Last 30 min</source>
        <translation>最近 30 分钟</translation>
    </message>
    <message>
        <source>Last hour</source>
        <translation>最近 1 小时</translation>
    </message>
    <message>
        <source>Last 2 h</source>
        <translation>最近 2 小时</translation>
    </message>
    <message>
        <source>Active tasks by state</source>
        <translation>按状态统计的活动任务</translation>
    </message>
    <message>
        <source>Completions and failures per minute</source>
        <translation>每分钟完成与失败数</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>given up (dead)</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <source>Retries per minute</source>
        <translation>每分钟重试数</translation>
    </message>
    <message>
        <source>retries queued</source>
        <translation>排入的重试</translation>
    </message>
    <message>
        <source>new attempts</source>
        <translation>新尝试</translation>
    </message>
    <message>
        <source>Waiting for a human</source>
        <translation>等待人工处理</translation>
    </message>
    <message>
        <source>needs input, answered</source>
        <translation>待输入，已回答</translation>
    </message>
    <message>
        <source>needs input, still waiting</source>
        <translation>待输入，仍在等待</translation>
    </message>
    <message>
        <source>needs verification, settled</source>
        <translation>待验证，已处理</translation>
    </message>
    <message>
        <source>needs verification, still waiting</source>
        <translation>待验证，仍在等待</translation>
    </message>
    <message>
        <source>how long</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>In this window: %1 done · %2 failed · %3 given up · %4 retries queued · %5 new attempts</source>
        <translation>此时间段内：已完成 %1 · 失败 %2 · 放弃 %3 · 排入重试 %4 · 新尝试 %5</translation>
    </message>
    <message>
        <source>Retries per minute — %1 per 100 new attempts</source>
        <translation>每分钟重试数 — 每 100 次新尝试 %1 次</translation>
    </message>
    <message>
        <source>Waiting for a human — median: %1 for input, %2 for verification</source>
        <translation>等待人工处理 — 中位数：输入 %1，验证 %2</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ConnectDialog</name>
    <message>
        <source>Remember the token</source>
        <translation>记住令牌</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Connect to a Gateway</source>
        <translation>连接到网关</translation>
    </message>
    <message>
        <source>Leave empty to use the stored token</source>
        <translation>留空以使用已保存的令牌</translation>
    </message>
    <message>
        <source>The gateway&apos;s shared token: `openclaw gateway auth-token --show` on the gateway host.</source>
        <translation>网关的共享令牌：在网关主机上运行 `openclaw gateway auth-token --show` 获取。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Show or hide the token</source>
        <translation>显示或隐藏令牌</translation>
    </message>
    <message>
        <source>Gateway URL</source>
        <translation>网关 URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>Forget Stored Token</source>
        <translation>忘记已保存的令牌</translation>
    </message>
    <message>
        <source>Stored in %1</source>
        <translation>保存在%1</translation>
    </message>
    <message>
        <source>Remember the token in %1</source>
        <translation>将令牌记在%1</translation>
    </message>
    <message>
        <source>Enter the gateway&apos;s WebSocket URL.</source>
        <translation>请输入网关的 WebSocket URL。</translation>
    </message>
    <message>
        <source>Use a ws:// or wss:// URL, for example ws://127.0.0.1:18789/.</source>
        <translation>请使用 ws:// 或 wss:// URL，例如 ws://127.0.0.1:18789/。</translation>
    </message>
    <message>
        <source>The URL needs a host.</source>
        <translation>URL 需要包含主机。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>What to do:</source>
        <translation>处理方法：</translation>
    </message>
    <message>
        <source>Gateway said:</source>
        <translation>网关返回：</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ConnectionControl</name>
    <message>
        <source>Forgetting the stored token for %1…</source>
        <translation>正在忘记 %1 的已保存令牌…</translation>
    </message>
    <message>
        <source>The stored token could not be read (%1); connecting without it.</source>
        <translation>无法读取已保存的令牌（%1）；将不使用令牌连接。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ConsoleStatus</name>
    <message>
        <source>The token could not be saved in %1: %2</source>
        <translation>无法将令牌保存到%1：%2</translation>
    </message>
    <message>
        <source>%1 The token was saved in %2 instead.</source>
        <translation>%1 令牌已改为保存到%2。</translation>
    </message>
    <message>
        <source>Token saved in %1.</source>
        <translation>令牌已保存到%1。</translation>
    </message>
    <message>
        <source>The engine could not start: %1</source>
        <translation>引擎无法启动：%1</translation>
    </message>
    <message>
        <source>The connection stopped.</source>
        <translation>连接已停止。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ExportController</name>
    <message>
        <source>Export: select a task first.</source>
        <translation>导出：请先选择一个任务。</translation>
    </message>
    <message>
        <source>Export Task History</source>
        <translation>导出任务历史</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON 文件 (*.json)</translation>
    </message>
    <message>
        <source>Exporting the history of %1…</source>
        <translation>正在导出 %1 的历史…</translation>
    </message>
    <message>
        <source>Export Tasks as CSV</source>
        <translation>将任务导出为 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the tasks of this view…</source>
        <translation>正在导出此视图的任务…</translation>
    </message>
    <message>
        <source>Export failed: the store has no task %1.</source>
        <translation>导出失败：存储中没有任务 %1。</translation>
    </message>
    <message>
        <source>the gateway did not send the transcript in time</source>
        <translation>网关未及时发送对话记录</translation>
    </message>
    <message>
        <source>History of %1 saved to %2.</source>
        <translation>%1 的历史已保存到 %2。</translation>
    </message>
    <message>
        <source>Export failed: the store did not answer: %1</source>
        <translation>导出失败：存储未响应：%1</translation>
    </message>
    <message>
        <source>The first %1 of %2 tasks saved to %3.</source>
        <translation>%2 个任务中的前 %1 个已保存到 %3。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) saved to %1.</source>
        <translation>
            <numerusform>%n 个任务已保存到 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>clawops::ui::InboxModel</name>
    <message>
        <source>resolving now</source>
        <translation>正在处理</translation>
    </message>
    <message>
        <source>done in %1</source>
        <translation>%1后完成</translation>
    </message>
    <message>
        <source>needs input in %1</source>
        <translation>%1后转为待输入</translation>
    </message>
    <message>
        <source>No receipt: check the transcript, then verify or reject</source>
        <translation>无回执：请查看对话记录，然后验证或驳回</translation>
    </message>
    <message numerus="yes">
        <source>Check %n verification item(s) from the receipt</source>
        <translation>
            <numerusform>检查回执中的 %n 个验证项</numerusform>
        </translation>
    </message>
    <message>
        <source>Confirm the result (the worker says there is nothing to verify)</source>
        <translation>确认结果（工作者称无需验证）</translation>
    </message>
    <message>
        <source>Check the receipt (it lists no verification)</source>
        <translation>检查回执（其中未列出验证项）</translation>
    </message>
    <message>
        <source>The worker is blocked and asks for input</source>
        <translation>工作者已阻塞，正在请求输入</translation>
    </message>
    <message>
        <source>No receipt arrived within the grace window</source>
        <translation>宽限期内未收到回执</translation>
    </message>
    <message>
        <source>The receipt lists nothing to verify; decide</source>
        <translation>回执未列出需验证的内容；请决定</translation>
    </message>
    <message>
        <source>A retry was delivered but no respawn followed</source>
        <translation>重试已送达，但未见重新派生</translation>
    </message>
    <message>
        <source>Needs an answer</source>
        <translation>需要回答</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Needs</source>
        <translation>需要</translation>
    </message>
    <message>
        <source>Grace window</source>
        <translation>宽限期</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>编排器</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>What the engine does on its own when the verification grace window ends</source>
        <translation>验证宽限期结束时引擎将自动执行的操作</translation>
    </message>
    <message>
        <source>Waiting since %1</source>
        <translation>自 %1 起等待</translation>
    </message>
    <message>
        <source>Grace window ends %1</source>
        <translation>宽限期于 %1 结束</translation>
    </message>
    <message>
        <source>Waiting since %1, longer than the %2 limit for %3</source>
        <translation>自 %1 起等待，超过“%3”的 %2 上限</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>认领</translation>
    </message>
    <message>
        <source>Who handles the item: an operator claims it from the Inbox (Claim, C)</source>
        <translation>由谁处理此项目：操作员在收件箱中认领（认领，C）</translation>
    </message>
    <message>
        <source>Nobody has claimed it yet</source>
        <translation>尚无人认领</translation>
    </message>
    <message>
        <source>Claimed by %1 since %2 (%3)</source>
        <translation>自 %2 起由 %1 认领（%3）</translation>
    </message>
    <message>
        <source>held: gateway down</source>
        <translation>已暂停：网关断开</translation>
    </message>
    <message>
        <source>The engine lets no grace window run out while the gateway is unreachable: a receipt sent meanwhile comes with the resync. The window counts again from the reconnect.</source>
        <translation>网关不可达期间，引擎不会让任何宽限期到期：在此期间发送的回执会随重新同步到达。宽限期从重新连接时重新计算。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::InboxPage</name>
    <message>
        <source>Nothing needs you right now.</source>
        <translation>目前没有需要你处理的事项。</translation>
    </message>
    <message>
        <source>Everything</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Needs input</source>
        <translation>待输入</translation>
    </message>
    <message>
        <source>Needs verification</source>
        <translation>待验证</translation>
    </message>
    <message>
        <source>Needs input %1</source>
        <translation>待输入 %1</translation>
    </message>
    <message>
        <source>Needs verification %1</source>
        <translation>待验证 %1</translation>
    </message>
    <message>
        <source>Everything %1</source>
        <translation>全部 %1</translation>
    </message>
    <message>
        <source>Nothing waits for you.</source>
        <translation>没有等待你处理的任务。</translation>
    </message>
    <message numerus="yes">
        <source>%n task(s) wait for you, the longest-waiting first.</source>
        <translation>
            <numerusform>%n 个任务在等你处理，等待最久的排在最前。</numerusform>
        </translation>
    </message>
    <message>
        <source>Last decision: %1 “%2” — %3</source>
        <translation>上一个决定：%1“%2”— %3</translation>
    </message>
    <message>
        <source>Last decision: %1 “%2” was refused — %3</source>
        <translation>上一个决定：%1“%2”被拒绝 — %3</translation>
    </message>
    <message>
        <source>Show it</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Task %1: select it and show its detail with the new audit line</source>
        <translation>任务 %1：选中并显示其详情及新的审计记录</translation>
    </message>
    <message>
        <source>Tasks that wait longer than the limit for their state (Settings → Console); marked red in the Waiting column</source>
        <translation>等待时间超过其状态上限的任务（设置 → 控制台）；在“等待时长”列中以红色标出</translation>
    </message>
    <message numerus="yes">
        <source>%n over the waiting limit</source>
        <translation>
            <numerusform>%n 个超过等待上限</numerusform>
        </translation>
    </message>
    <message>
        <source>Approvals %1</source>
        <translation>审批 %1</translation>
    </message>
</context>
<context>
    <name>clawops::ui::LineageView</name>
    <message>
        <source>No lineage for this task.</source>
        <translation>此任务没有谱系。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::MainWindow</name>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>Retry Queue</source>
        <translation>重试队列</translation>
    </message>
    <message>
        <source>Task Detail</source>
        <translation>任务详情</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n task id(s).</source>
        <translation>
            <numerusform>已复制 %n 个任务 ID。</numerusform>
        </translation>
    </message>
    <message>
        <source>Inbox (%1)</source>
        <translation>收件箱（%1）</translation>
    </message>
    <message>
        <source>Retry Queue (%1)</source>
        <translation>重试队列（%1）</translation>
    </message>
    <message>
        <source>ClawOps</source>
        <translation>ClawOps</translation>
    </message>
    <message>
        <source>ClawOps — %1</source>
        <translation>ClawOps — %1</translation>
    </message>
    <message>
        <source> (demo)</source>
        <translation>（演示）</translation>
    </message>
    <message>
        <source>Engine configuration sent.</source>
        <translation>引擎配置已发送。</translation>
    </message>
    <message>
        <source>The new language is used from the next start of ClawOps.</source>
        <translation>新语言将在下次启动 ClawOps 时生效。</translation>
    </message>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Export: switch to the Tasks or Inbox tab; the CSV holds what its filters show.</source>
        <translation>导出：请切换到“任务”或“收件箱”标签页；CSV 包含其筛选条件显示的内容。</translation>
    </message>
    <message>
        <source>Inbox (%1 · %2 late)</source>
        <translation>收件箱（%1 · %2 个超时）</translation>
    </message>
    <message>
        <source>Policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Policy (%1)</source>
        <translation>策略 (%1)</translation>
    </message>
    <message>
        <source>Not decided: %1</source>
        <translation>未决定：%1</translation>
    </message>
</context>
<context>
    <name>clawops::ui::NoticeArea</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>clawops::ui::OrchestratorListModel</name>
    <message>
        <source>All orchestrators</source>
        <translation>所有编排器</translation>
    </message>
    <message>
        <source>Tasks of every orchestrator</source>
        <translation>所有编排器的任务</translation>
    </message>
</context>
<context>
    <name>clawops::ui::PolicyMarker</name>
    <message numerus="yes">
        <source>%n by its worker</source>
        <translation>
            <numerusform>其工作者 %n 项</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n by its orchestrator %1</source>
        <translation>
            <numerusform>其编排器 %1 共 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>⚠ Policy violations: %1 (see the Policy tab)</source>
        <translation>⚠ 策略违规：%1（见“策略”标签页）</translation>
    </message>
</context>
<context>
    <name>clawops::ui::PolicyPage</name>
    <message>
        <source>No policy violations. Tool starts that the orchestrator policies (enforceMainDelegation, allowedOrchestratorTools, enforceFridayChannels, retired orchestrators) would have blocked are listed here.</source>
        <translation>没有策略违规。编排器策略（enforceMainDelegation、allowedOrchestratorTools、enforceFridayChannels、已退役的编排器）本会阻止的工具调用列在这里。</translation>
    </message>
    <message>
        <source>The reason the plugin would have given the agent</source>
        <translation>插件本会告知代理的原因</translation>
    </message>
</context>
<context>
    <name>clawops::ui::PolicyViolationModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Session</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Tool</source>
        <translation>工具</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ReceiptView</name>
    <message>
        <source>No receipt yet.</source>
        <translation>尚无回执。</translation>
    </message>
    <message>
        <source>The stored receipt could not be read (%1):</source>
        <translation>无法读取已保存的回执（%1）：</translation>
    </message>
    <message numerus="yes">
        <source>The engine saw a receipt (status %1, %n verification item(s)) but kept no JSON for it; the transcript has the worker&apos;s words.</source>
        <translation>
            <numerusform>引擎收到了回执（状态 %1，%n 个验证项），但未保留其 JSON；工作者的原话见对话记录。</numerusform>
        </translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Workers end their reply with a JSON receipt; none has arrived for this attempt.</source>
        <translation>工作者会在回复末尾附上 JSON 回执；此次尝试尚未收到。</translation>
    </message>
    <message>
        <source>no status</source>
        <translation>无状态</translation>
    </message>
    <message>
        <source>names task %1</source>
        <translation>指向任务 %1</translation>
    </message>
    <message>
        <source>(the worker says: nothing to verify)</source>
        <translation>（工作者称：无需验证）</translation>
    </message>
    <message>
        <source>Blockers</source>
        <translation>阻塞项</translation>
    </message>
    <message>
        <source>blocker</source>
        <translation>阻塞</translation>
    </message>
    <message>
        <source>Suggested fix:</source>
        <translation>建议的解决方法：</translation>
    </message>
    <message>
        <source>Needs from you:</source>
        <translation>需要你提供：</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期结果</translation>
    </message>
    <message>
        <source>Artifacts</source>
        <translation>产出物</translation>
    </message>
    <message>
        <source>Path or reference</source>
        <translation>路径或引用</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>说明</translation>
    </message>
</context>
<context>
    <name>clawops::ui::RetryQueueModel</name>
    <message>
        <source>Retry %1 of the %2 this task may have</source>
        <translation>第 %1 次重试，此任务最多 %2 次</translation>
    </message>
    <message>
        <source>Runs in</source>
        <translation>距运行</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>After outcome</source>
        <translation>上次结果</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>退避</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>编排器</translation>
    </message>
    <message>
        <source>Due since %1. It goes out when a worker slot is free and automatic retries are not paused.</source>
        <translation>自 %1 起已到期。当有空闲的工作者名额且自动重试未暂停时即会发出。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::RetryQueuePage</name>
    <message>
        <source>No retry is waiting.</source>
        <translation>没有等待中的重试。</translation>
    </message>
    <message>
        <source>Run Now</source>
        <translation>立即运行</translation>
    </message>
    <message>
        <source>Cancel Retry (→ Dead)</source>
        <translation>取消重试（→ 放弃）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Automatic retries are paused.&lt;/b&gt; Queued retries wait until you resume them; forced retries still go out.</source>
        <translation>&lt;b&gt;自动重试已暂停。&lt;/b&gt;排队中的重试将等待你恢复；强制重试仍会发出。</translation>
    </message>
    <message>
        <source>Automatic retries are dispatched when their time comes.</source>
        <translation>自动重试会在到期时派发。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::SavedViews</name>
    <message>
        <source>All tasks</source>
        <translation>全部任务</translation>
    </message>
    <message>
        <source>Failed and never recovered</source>
        <translation>失败且从未恢复</translation>
    </message>
    <message>
        <source>Waiting for me</source>
        <translation>等待我处理</translation>
    </message>
    <message>
        <source>Retried</source>
        <translation>已重试</translation>
    </message>
    <message>
        <source>Every task</source>
        <translation>所有任务</translation>
    </message>
</context>
<context>
    <name>clawops::ui::SavedViewsPanel</name>
    <message>
        <source>Save View</source>
        <translation>保存视图</translation>
    </message>
    <message>
        <source>Name of this view:</source>
        <translation>此视图的名称：</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>视图</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Keep the search under a name</source>
        <translation>以名称保存此搜索</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected view (built-in views stay)</source>
        <translation>删除所选视图（内置视图保留）</translation>
    </message>
    <message>
        <source>“%1” is the name of a built-in view; choose another.</source>
        <translation>“%1”是内置视图的名称；请换一个。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Put every engine setting back to the plugin&apos;s default</source>
        <translation>将所有引擎设置恢复为插件默认值</translation>
    </message>
    <message>
        <source>Default %1.</source>
        <translation>默认值 %1。</translation>
    </message>
    <message>
        <source>Retries</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Retry failed workers automatically</source>
        <translation>自动重试失败的工作者</translation>
    </message>
    <message>
        <source>When a worker ends with one of the outcomes below, ask its orchestrator to respawn it after a backoff. Off by default, as in the plugin.</source>
        <translation>当工作者以下列结果之一结束时，在退避后请其编排器重新派生。默认关闭，与插件一致。</translation>
    </message>
    <message>
        <source>Retries per task</source>
        <translation>每个任务的重试次数</translation>
    </message>
    <message>
        <source>Automatic retries of the same work before it is marked dead.</source>
        <translation>同一工作在被标记为放弃前的自动重试次数。</translation>
    </message>
    <message>
        <source>Base backoff</source>
        <translation>基础退避</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> 毫秒</translation>
    </message>
    <message>
        <source>Delay before the first retry; it doubles with each attempt, plus jitter.</source>
        <translation>首次重试前的延迟；每次尝试翻倍，并加入随机抖动。</translation>
    </message>
    <message>
        <source>Maximum backoff</source>
        <translation>最大退避</translation>
    </message>
    <message>
        <source>No retry waits longer than this.</source>
        <translation>任何重试的等待都不超过此值。</translation>
    </message>
    <message>
        <source>Retry on</source>
        <translation>重试条件</translation>
    </message>
    <message>
        <source>Worker outcomes that trigger a retry. Default: error, timeout.</source>
        <translation>触发重试的工作者结果。默认：error、timeout。</translation>
    </message>
    <message>
        <source>Message to the orchestrator session</source>
        <translation>发送消息到编排器会话</translation>
    </message>
    <message>
        <source>Wake (heartbeat system event)</source>
        <translation>唤醒（心跳系统事件）</translation>
    </message>
    <message>
        <source>Deliver retries as</source>
        <translation>重试送达方式</translation>
    </message>
    <message>
        <source>A message works on every gateway; wake hands the text to the model as data in a heartbeat turn.</source>
        <translation>消息方式适用于所有网关；唤醒方式会在心跳轮次中把文本作为数据交给模型。</translation>
    </message>
    <message>
        <source>Respawn window</source>
        <translation>重新派生窗口</translation>
    </message>
    <message>
        <source>After delivering a retry, how long to wait for the orchestrator to respawn the worker before the task needs input.</source>
        <translation>送达重试后，等待编排器重新派生工作者的时长；超时后任务转为待输入。</translation>
    </message>
    <message>
        <source>Scheduler</source>
        <translation>调度器</translation>
    </message>
    <message>
        <source>Tick</source>
        <translation>节拍</translation>
    </message>
    <message>
        <source>How often due retries are dispatched.</source>
        <translation>派发到期重试的频率。</translation>
    </message>
    <message>
        <source>Retries per tick</source>
        <translation>每个节拍的重试数</translation>
    </message>
    <message>
        <source>At most this many retries are dispatched in one tick.</source>
        <translation>每个节拍最多派发这么多重试。</translation>
    </message>
    <message>
        <source>Verification</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Grace window</source>
        <translation>宽限期</translation>
    </message>
    <message>
        <source>How long a task waits in needs verification before the engine decides: done when its receipt lists verification (or says there is none), else needs input.</source>
        <translation>任务在待验证状态等待多久后由引擎决定：若回执列出了验证项（或声明无需验证）则完成，否则转为待输入。</translation>
    </message>
    <message>
        <source>Routing</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Inject the orchestrator prompt</source>
        <translation>注入编排器提示词</translation>
    </message>
    <message>
        <source>Kept for compatibility with plugin configs; an outside engine cannot change prompts.</source>
        <translation>仅为兼容插件配置而保留；外部引擎无法修改提示词。</translation>
    </message>
    <message>
        <source>Enforce main delegation</source>
        <translation>强制主会话委派</translation>
    </message>
    <message>
        <source>Kept for compatibility: a client can observe tool calls but cannot veto them.</source>
        <translation>仅为兼容而保留：客户端可以观察工具调用，但无法否决。</translation>
    </message>
    <message>
        <source>Main session tools</source>
        <translation>主会话工具</translation>
    </message>
    <message>
        <source>The defaults are always allowed; only routing tools can be added. The orchestrator&apos;s tools are the full routing set.</source>
        <translation>默认工具始终允许；只能添加路由工具。编排器拥有全部路由工具。</translation>
    </message>
    <message>
        <source>Orchestrator label prefix</source>
        <translation>编排器标签前缀</translation>
    </message>
    <message>
        <source>Spawns whose label starts with this are orchestrators. Letters, digits, dot, dash and underscore.</source>
        <translation>标签以此开头的派生为编排器。可用字母、数字、点、短横线和下划线。</translation>
    </message>
    <message>
        <source>Status messages</source>
        <translation>状态消息</translation>
    </message>
    <message>
        <source>Post status blocks</source>
        <translation>发布状态块</translation>
    </message>
    <message>
        <source>Post an &lt;orchestrator-status&gt; block to the status channel on changes.</source>
        <translation>发生变化时向状态频道发布 &lt;orchestrator-status&gt; 块。</translation>
    </message>
    <message>
        <source>Status channel</source>
        <translation>状态频道</translation>
    </message>
    <message>
        <source>Where status blocks go, e.g. #friday-status.</source>
        <translation>状态块的发布位置，例如 #friday-status。</translation>
    </message>
    <message>
        <source>Sticky emoji</source>
        <translation>置顶表情</translation>
    </message>
    <message>
        <source>Marks the status message.</source>
        <translation>用于标记状态消息。</translation>
    </message>
    <message>
        <source>Only #friday channels</source>
        <translation>仅限 #friday 频道</translation>
    </message>
    <message>
        <source>Refuse status channels that are not #friday or #friday-*.</source>
        <translation>拒绝非 #friday 或 #friday-* 的状态频道。</translation>
    </message>
    <message>
        <source>Store</source>
        <translation>存储</translation>
    </message>
    <message>
        <source>Plugin state database</source>
        <translation>插件状态数据库</translation>
    </message>
    <message>
        <source>The plugin&apos;s orchestrator.db path; the store ClawOps opens is chosen at start (--db) and changes on the next start.</source>
        <translation>插件的 orchestrator.db 路径；ClawOps 打开的存储库在启动时（--db）确定，下次启动时才会更改。</translation>
    </message>
    <message>
        <source>Operator name</source>
        <translation>操作员名称</translation>
    </message>
    <message>
        <source>Recorded with every action you take.</source>
        <translation>会随你执行的每个操作一起记录。</translation>
    </message>
    <message>
        <source>Ask before kill, mark dead, reject and cancel retry</source>
        <translation>在终止、标记为放弃、驳回和取消重试前确认</translation>
    </message>
    <message>
        <source>Actions on several tasks always show what they will touch first.</source>
        <translation>作用于多个任务的操作总会先列出受影响的任务。</translation>
    </message>
    <message>
        <source>Refresh ages and countdowns every</source>
        <translation>刷新时长和倒计时的间隔</translation>
    </message>
    <message>
        <source>only on request</source>
        <translation>仅在请求时</translation>
    </message>
    <message>
        <source>Refresh a running worker&apos;s transcript every</source>
        <translation>刷新运行中工作者对话记录的间隔</translation>
    </message>
    <message>
        <source>Search after typing stops for</source>
        <translation>停止输入多久后开始搜索</translation>
    </message>
    <message>
        <source> rows</source>
        <translation> 行</translation>
    </message>
    <message>
        <source>Rows per page</source>
        <translation>每页行数</translation>
    </message>
    <message>
        <source>Keep at most</source>
        <translation>最多保留</translation>
    </message>
    <message>
        <source>The task table loads pages as you scroll and stops here; filter or search to reach the rest.</source>
        <translation>任务表会随滚动分页加载，到此上限为止；其余任务请通过筛选或搜索查看。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Following the system switches between light and dark with the desktop.</source>
        <translation>跟随系统时会随桌面在浅色与深色之间切换。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Takes effect the next time ClawOps starts.</source>
        <translation>下次启动 ClawOps 时生效。</translation>
    </message>
    <message>
        <source>Do not disturb: no desktop notifications</source>
        <translation>勿扰：不显示桌面通知</translation>
    </message>
    <message>
        <source>Otherwise ClawOps notifies when tasks need input or verification, die, or fail without a retry. Also in the View menu and the tray icon&apos;s menu.</source>
        <translation>否则，当任务待输入或待验证、被放弃或失败且不再重试时，ClawOps 会发出通知。也可在“视图”菜单和托盘图标菜单中切换。</translation>
    </message>
    <message>
        <source>retryOutcomes: none checked, so the default (error, timeout) is used</source>
        <translation>retryOutcomes：未勾选任何项，因此使用默认值（error、timeout）</translation>
    </message>
    <message>
        <source>retryMaxBackoffMs is below retryBaseBackoffMs: every retry waits the maximum</source>
        <translation>retryMaxBackoffMs 小于 retryBaseBackoffMs：每次重试都将等待最大值</translation>
    </message>
    <message>
        <source>verificationGraceMs is shorter than one scheduler tick</source>
        <translation>verificationGraceMs 短于一个调度节拍</translation>
    </message>
    <message>
        <source>automatic retries are off: failed workers stay failed until you retry them</source>
        <translation>自动重试已关闭：失败的工作者将保持失败，直到你手动重试</translation>
    </message>
    <message>
        <source>Notes:
• %1</source>
        <translation>注意：
• %1</translation>
    </message>
    <message>
        <source>Move to the next Inbox item after a decision</source>
        <translation>做出决定后移到收件箱的下一项</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>无上限</translation>
    </message>
    <message>
        <source>Escalate needs input after</source>
        <translation>“待输入”升级提醒时间</translation>
    </message>
    <message>
        <source>Escalate needs verification after</source>
        <translation>“待验证”升级提醒时间</translation>
    </message>
    <message>
        <source>A task waiting longer is marked in the Inbox and announced once with a desktop notification.</source>
        <translation>等待更久的任务会在收件箱中标出，并通过桌面通知提醒一次。</translation>
    </message>
    <message>
        <source>Verify only when every check is ticked</source>
        <translation>仅在所有检查项都已勾选后才可验证</translation>
    </message>
    <message>
        <source>The receipt&apos;s verification items are a checklist in the detail panel; a receipt without items never holds Verify back.</source>
        <translation>回执中的验证项在详情面板中显示为检查清单；没有验证项的回执不会阻止验证。</translation>
    </message>
    <message>
        <source>Tell the spawner why its duplicate was cancelled</source>
        <translation>告知发起方其重复任务被取消的原因</translation>
    </message>
    <message>
        <source>Sends the session that spawned a duplicate worker the plugin&apos;s block reason, so that it polls the active task instead of spawning it again.</source>
        <translation>向启动了重复 worker 的会话发送插件的拦截原因，使其轮询正在运行的任务，而不是再次启动。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
</context>
<context>
    <name>clawops::ui::StateChips</name>
    <message>
        <source>Show tasks in every state</source>
        <translation>显示所有状态的任务</translation>
    </message>
    <message>
        <source>
Click to show or hide this state; &quot;All&quot; clears the filter.</source>
        <translation>
点击以显示或隐藏此状态；“全部”会清除筛选。</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>All %1</source>
        <translation>全部 %1</translation>
    </message>
</context>
<context>
    <name>clawops::ui::StatusBarWidgets</name>
    <message>
        <source>Retries paused</source>
        <translation>重试已暂停</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) pending</source>
        <translation>
            <numerusform>%n 个操作待处理</numerusform>
        </translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation>存储库：%1</translation>
    </message>
    <message>
        <source>No gateway</source>
        <translation>无网关</translation>
    </message>
    <message>
        <source>Click to connect or change gateway</source>
        <translation>点击以连接或更换网关</translation>
    </message>
    <message>
        <source>gateway %1</source>
        <translation>网关 %1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Round-trip time to the gateway</source>
        <translation>到网关的往返时间</translation>
    </message>
    <message>
        <source>last event %1</source>
        <translation>最近事件 %1</translation>
    </message>
    <message>
        <source>Certificate not checked</source>
        <translation>证书未校验</translation>
    </message>
    <message>
        <source>The gateway&apos;s certificate is not verified (--no-verify-tls): anyone on the network path could read the token and the traffic.</source>
        <translation>未校验网关证书（--no-verify-tls）：网络路径上的任何人都可能读取令牌和通信内容。</translation>
    </message>
    <message>
        <source>Unencrypted</source>
        <translation>未加密</translation>
    </message>
    <message>
        <source>ws:// to another machine (--allow-insecure): the token and the traffic travel in clear text.</source>
        <translation>通过 ws:// 连接其他机器（--allow-insecure）：令牌和通信内容以明文传输。</translation>
    </message>
    <message>
        <source>Acting</source>
        <translation>执行中</translation>
    </message>
    <message>
        <source>This console&apos;s engine holds the store&apos;s lease: it schedules, retries and cancels for the fleet (lease epoch %1).</source>
        <translation>此控制台的引擎持有存储的租约：由它为整个集群调度、重试和取消（租约纪元 %1）。</translation>
    </message>
    <message>
        <source>Following</source>
        <translation>跟随中</translation>
    </message>
    <message>
        <source>Following %1</source>
        <translation>跟随 %1</translation>
    </message>
    <message>
        <source>The console on %1 (operator %2) acts for the fleet; this one shows the shared store and takes over if that console stops.</source>
        <translation>%1 上的控制台（操作员 %2）为集群执行操作；此控制台显示共享存储，并在该控制台停止时接管。</translation>
    </message>
    <message>
        <source>Store unreachable</source>
        <translation>存储不可达</translation>
    </message>
    <message>
        <source>Nothing is sent to the fleet until the store answers again.</source>
        <translation>在存储再次响应之前，不会向集群发送任何内容。</translation>
    </message>
    <message>
        <source>Observer — ClawOps on %1 left</source>
        <translation>观察者 — %1 上的 ClawOps 已离开</translation>
    </message>
    <message>
        <source>Observer — ClawOps on %1 is acting</source>
        <translation>观察者 — %1 上的 ClawOps 正在执行</translation>
    </message>
    <message>
        <source>The ClawOps that acted on this gateway left it; this console takes over shortly unless it returns (File → Take Over does it now).</source>
        <translation>曾在此网关上执行的 ClawOps 已离开；若它不返回，本控制台将很快接管（文件 → 接管 可立即接管）。</translation>
    </message>
    <message>
        <source>Another ClawOps, with a store of its own, acts on this gateway: this console sends nothing and shows what its store has (File → Take Over).</source>
        <translation>另一个拥有自己存储的 ClawOps 正在此网关上执行：本控制台不发送任何内容，只显示其存储中的数据（文件 → 接管）。</translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait for the store</source>
        <translation>
            <numerusform>%n 项更改等待写入存储</numerusform>
        </translation>
    </message>
    <message>
        <source>The store cannot be written (%1). The engine keeps what changed in memory and writes it as soon as the store takes it again; quitting now loses it.</source>
        <translation>无法写入存储（%1）。引擎将更改保存在内存中，一旦存储恢复即写入；现在退出将丢失这些更改。</translation>
    </message>
    <message>
        <source>see the notices</source>
        <translation>请查看通知</translation>
    </message>
    <message>
        <source>store unreachable</source>
        <translation>存储不可达</translation>
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
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Also here: %1</source>
        <translation>同时在线：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n other console(s)</source>
        <translation>
            <numerusform>另有 %n 个控制台</numerusform>
        </translation>
    </message>
    <message>
        <source>Other ClawOps consoles on this store or gateway:</source>
        <translation>此存储或网关上的其他 ClawOps 控制台：</translation>
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
        <translation>时间</translation>
    </message>
    <message>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <source>To</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Operator</source>
        <translation>操作员</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Select a task to see its spec, receipt, history and transcript.</source>
        <translation>选择一个任务以查看其规格、回执、历史和对话记录。</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Agent</source>
        <translation>智能体</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Thinking</source>
        <translation>思考级别</translation>
    </message>
    <message>
        <source>Last outcome</source>
        <translation>上次结果</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>编排器</translation>
    </message>
    <message>
        <source>Requester</source>
        <translation>请求方</translation>
    </message>
    <message>
        <source>Worker session</source>
        <translation>工作会话</translation>
    </message>
    <message>
        <source>Gateway task</source>
        <translation>网关任务</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <source>Task key</source>
        <translation>任务键</translation>
    </message>
    <message>
        <source>Task text (without the result contract):</source>
        <translation>任务文本（不含结果约定）：</translation>
    </message>
    <message>
        <source>State changes</source>
        <translation>状态变化</translation>
    </message>
    <message>
        <source>Attempts of the same work</source>
        <translation>同一工作的各次尝试</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Refresh while the worker is active and keep the newest line in view</source>
        <translation>工作者活动期间持续刷新，并保持显示最新一行</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>回执</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Transcript</source>
        <translation>对话记录</translation>
    </message>
    <message>
        <source>Operator actions</source>
        <translation>操作员操作</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Task %1 is not in the store.</source>
        <translation>存储库中没有任务 %1。</translation>
    </message>
    <message>
        <source>%1 of %2 allowed</source>
        <translation>第 %1 次，共允许 %2 次</translation>
    </message>
    <message>
        <source>(created)</source>
        <translation>（已创建）</translation>
    </message>
    <message numerus="yes">
        <source>%n duplicate spawn(s) of this work were suppressed; the last came from %1.</source>
        <translation>
            <numerusform>已抑制此工作的 %n 次重复派生；最近一次来自 %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>Grace window: %1</source>
        <translation>宽限期：%1</translation>
    </message>
    <message>
        <source>No worker session for this attempt.</source>
        <translation>此次尝试没有工作会话。</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>正在读取 %1…</translation>
    </message>
    <message>
        <source>Transcript unavailable: %1</source>
        <translation>对话记录不可用：%1</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) from %1, read %2</source>
        <translation>
            <numerusform>来自 %1 的 %n 行，读取于 %2</numerusform>
        </translation>
    </message>
    <message>
        <source>ticked: %1</source>
        <translation>已勾选：%1</translation>
    </message>
    <message>
        <source>unticked: %1</source>
        <translation>已取消勾选：%1</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>谱系</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TaskTableModel</name>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>Orchestrator</source>
        <translation>编排器</translation>
    </message>
    <message>
        <source>Worker session</source>
        <translation>工作会话</translation>
    </message>
    <message>
        <source>Last outcome</source>
        <translation>上次结果</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>下次运行</translation>
    </message>
    <message>
        <source>This attempt / attempts allowed (the first run plus the retry budget)</source>
        <translation>本次尝试 / 允许的尝试次数（首次运行加上重试配额）</translation>
    </message>
    <message>
        <source>When a queued retry is dispatched</source>
        <translation>排队中的重试何时派发</translation>
    </message>
    <message>
        <source>The spawn kind (not sortable: it is part of the stored spec)</source>
        <translation>派生类型（不可排序：它属于已存储的规格）</translation>
    </message>
    <message>
        <source>The worker session of this attempt (not sortable yet)</source>
        <translation>此次尝试的工作会话（暂不可排序）</translation>
    </message>
    <message>
        <source>Attempt %1 of %2 allowed</source>
        <translation>第 %1 次尝试，共允许 %2 次</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TasksPage</name>
    <message>
        <source>Show the tasks of one orchestrator session</source>
        <translation>显示某个编排器会话的任务</translation>
    </message>
    <message>
        <source>Loading tasks…</source>
        <translation>正在加载任务…</translation>
    </message>
    <message>
        <source>Could not load tasks: %1</source>
        <translation>无法加载任务：%1</translation>
    </message>
    <message>
        <source>The store did not answer: %1
Press F5 to try again.</source>
        <translation>存储库没有响应：%1
按 F5 重试。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>No task matches these filters.</source>
        <translation>没有符合这些筛选条件的任务。</translation>
    </message>
    <message>
        <source>%1 tasks</source>
        <translation>%1 个任务</translation>
    </message>
    <message>
        <source>First %1 of %2 tasks; narrow the filters to see the others</source>
        <translation>前 %1 个（共 %2 个任务）；缩小筛选范围以查看其余任务</translation>
    </message>
    <message>
        <source>%1 of %2 tasks loaded</source>
        <translation>已加载 %1/%2 个任务</translation>
    </message>
    <message>
        <source>Search: text, state:failed, label:build*, attempt&gt;1, orch:…</source>
        <translation>搜索：文本、state:failed、label:build*、attempt&gt;1、orch:…</translation>
    </message>
    <message>
        <source>The search&apos;s state: terms choose the states.</source>
        <translation>由搜索中的 state: 条件选择状态。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TimelineView</name>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Follow the present. Panning or zooming away from it stops following; click to come back.</source>
        <translation>跟随当前时间。平移或缩放离开后将停止跟随；点击可返回。</translation>
    </message>
    <message>
        <source>5 min</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>15 min</source>
        <translation>15 分钟</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>2 h</source>
        <translation>2 小时</translation>
    </message>
    <message>
        <source>How much time the window shows</source>
        <translation>窗口显示的时间范围</translation>
    </message>
    <message>
        <source>No worker activity in this time window.</source>
        <translation>此时间段内没有工作者活动。</translation>
    </message>
    <message>
        <source>without orchestrator</source>
        <translation>无编排器</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %n worker session(s)</source>
        <translation>
            <numerusform>%1 — %n 个工作会话</numerusform>
        </translation>
    </message>
    <message>
        <source>spawn requested</source>
        <translation>已请求派生</translation>
    </message>
    <message numerus="yes">
        <source>%n worker session(s)</source>
        <translation>
            <numerusform>%n 个工作会话</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attempt(s)</source>
        <translation>
            <numerusform>%n 次尝试</numerusform>
        </translation>
    </message>
    <message>
        <source>paused at %1</source>
        <translation>暂停于 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>still working, %1 so far</source>
        <translation>仍在工作，已用时 %1</translation>
    </message>
    <message>
        <source>%1 (after %2)</source>
        <translation>%1（历时 %2）</translation>
    </message>
    <message>
        <source>(no label)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>尝试</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1/%2</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>工作者</translation>
    </message>
    <message>
        <source>not accepted yet</source>
        <translation>尚未接受</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TokenStore</name>
    <message>
        <source>the system keychain</source>
        <translation>系统钥匙串</translation>
    </message>
    <message>
        <source>an owner-only file (%1)</source>
        <translation>仅所有者可读的文件（%1）</translation>
    </message>
    <message>
        <source>The system keychain is not available (%1).</source>
        <translation>系统钥匙串不可用（%1）。</translation>
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is not a token file; leaving it alone.</source>
        <translation>%1 不是令牌文件；不做改动。</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>clawops::ui::TrayNotifier</name>
    <message>
        <source>Do Not &amp;Disturb</source>
        <translation>勿扰(&amp;D)</translation>
    </message>
    <message>
        <source>Show no desktop notifications; counts stay up to date</source>
        <translation>不显示桌面通知；计数仍保持更新</translation>
    </message>
    <message>
        <source>Show ClawOps</source>
        <translation>显示 ClawOps</translation>
    </message>
    <message>
        <source>Quit ClawOps</source>
        <translation>退出 ClawOps</translation>
    </message>
    <message>
        <source>ClawOps</source>
        <translation>ClawOps</translation>
    </message>
    <message>
        <source>Do not disturb is on</source>
        <translation>勿扰已开启</translation>
    </message>
</context>
<context>
    <name>clawops::ui::VerificationChecklist</name>
    <message>
        <source>Verification checklist</source>
        <translation>验证检查清单</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Expected</source>
        <translation>预期</translation>
    </message>
    <message>
        <source>Tick each check once you have confirmed it. Every tick is recorded in the task&apos;s operator actions.</source>
        <translation>确认每个检查项后将其勾选。每次勾选都会记录在该任务的操作员操作中。</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n check(s) ticked; Verify waits for the rest.</source>
        <translation>
            <numerusform>已勾选 %1/%n 项检查；其余勾选后才可验证。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n check(s) ticked.</source>
        <translation>
            <numerusform>已勾选 %1/%n 项检查。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every check is ticked.</source>
        <translation>所有检查项均已勾选。</translation>
    </message>
</context>
<context>
    <name>clawops::ui::WindowMenus</name>
    <message>
        <source>&amp;Connect…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>Choose the gateway and token</source>
        <translation>选择网关和令牌</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>断开(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>重新加载(&amp;R)</translation>
    </message>
    <message>
        <source>Read the tables again from the store</source>
        <translation>从存储库重新读取表格</translation>
    </message>
    <message>
        <source>&amp;Find Tasks</source>
        <translation>查找任务(&amp;F)</translation>
    </message>
    <message>
        <source>Copy Task IDs</source>
        <translation>复制任务 ID</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;About ClawOps</source>
        <translation>关于 ClawOps(&amp;A)</translation>
    </message>
    <message>
        <source>About ClawOps</source>
        <translation>关于 ClawOps</translation>
    </message>
    <message>
        <source>&lt;b&gt;ClawOps %1&lt;/b&gt;&lt;p&gt;Operations console and orchestration engine for OpenClaw agents.&lt;/p&gt;</source>
        <translation>&lt;b&gt;ClawOps %1&lt;/b&gt;&lt;p&gt;面向 OpenClaw 智能体的运维控制台与编排引擎。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;Tasks</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Inbox</source>
        <translation>收件箱(&amp;I)</translation>
    </message>
    <message>
        <source>Retry &amp;Queue</source>
        <translation>重试队列(&amp;Q)</translation>
    </message>
    <message>
        <source>Time&amp;line</source>
        <translation>时间线(&amp;L)</translation>
    </message>
    <message>
        <source>C&amp;harts</source>
        <translation>图表(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Task</source>
        <translation>任务(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Next Item</source>
        <translation>下一项(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Previous Item</source>
        <translation>上一项(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Back to Last Decided Task</source>
        <translation>返回上一个已决定的任务(&amp;B)</translation>
    </message>
    <message>
        <source>Select the next row of the list shown</source>
        <translation>选择当前列表的下一行</translation>
    </message>
    <message>
        <source>Select the previous row of the list shown</source>
        <translation>选择当前列表的上一行</translation>
    </message>
    <message>
        <source>Select the task of your last Inbox decision and show its detail</source>
        <translation>选择您在收件箱中最后决定的任务并显示其详情</translation>
    </message>
    <message>
        <source>&amp;Export Task History…</source>
        <translation>导出任务历史(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the selected task&apos;s transitions, attempts, receipt, operator actions and transcript tail as JSON</source>
        <translation>将所选任务的状态转换、尝试、回执、操作员操作和对话记录末尾保存为 JSON</translation>
    </message>
    <message>
        <source>Export &amp;View as CSV…</source>
        <translation>将视图导出为 CSV(&amp;V)…</translation>
    </message>
    <message>
        <source>Save every task the Tasks or Inbox tab shows, with its filters and order, as CSV</source>
        <translation>将“任务”或“收件箱”标签页显示的所有任务（按其筛选和排序）保存为 CSV</translation>
    </message>
    <message>
        <source>&amp;Take Over</source>
        <translation>接管(&amp;T)</translation>
    </message>
    <message>
        <source>Act in place of the ClawOps acting on this gateway; it becomes an observer</source>
        <translation>代替此网关上正在执行的 ClawOps 执行；对方将成为观察者</translation>
    </message>
</context>
</TS>
