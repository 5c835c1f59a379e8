<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>pos</name>
    <message>
        <source>Show recent entries</source>
        <translation>显示最近记录</translation>
    </message>
    <message>
        <source>Export audit log…</source>
        <translation>导出审计日志…</translation>
    </message>
    <message>
        <source>Fraud signals (7 days)</source>
        <translation>风险信号（7 天）</translation>
    </message>
    <message>
        <source>Export audit log</source>
        <translation>导出审计日志</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>员工</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Signal</source>
        <translation>信号</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Fraud signals</source>
        <translation>风险信号</translation>
    </message>
    <message>
        <source>{0} rows written to {1}</source>
        <translation>已写入 {0} 行：{1}</translation>
    </message>
    <message>
        <source>New campaign</source>
        <translation>新建活动</translation>
    </message>
    <message>
        <source>Current member list filter</source>
        <translation>当前会员列表筛选</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览人数</translation>
    </message>
    <message>
        <source>Issue coupons</source>
        <translation>发放优惠券</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>营销活动</translation>
    </message>
    <message>
        <source>Coupon sheet of “{0}”…</source>
        <translation>正在生成“{0}”的优惠券页…</translation>
    </message>
    <message>
        <source>{0} of {1} coupons laid out</source>
        <translation>已排版 {0} / {1} 张优惠券</translation>
    </message>
    <message>
        <source>Print sheet</source>
        <translation>打印优惠券页</translation>
    </message>
    <message>
        <source>Coupon sheet sent to the printer: {0}</source>
        <translation>优惠券页已送打印机：{0}</translation>
    </message>
    <message>
        <source>Coupon sheet (PDF)…</source>
        <translation>优惠券打印页 (PDF)…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Full numbers</source>
        <translation>完整号码</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>统计中…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Campaign</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Cancelled: {0} coupons issued so far; issue again with the same name to continue.</source>
        <translation>已取消：目前已发放 {0} 张；用同一名称再次发放即可继续。</translation>
    </message>
    <message>
        <source>{0} coupons issued.</source>
        <translation>已发放 {0} 张优惠券。</translation>
    </message>
    <message>
        <source>Coupon sheet</source>
        <translation>优惠券打印页</translation>
    </message>
    <message>
        <source>Export campaign</source>
        <translation>导出活动名单</translation>
    </message>
    <message>
        <source>e.g. Win-back June</source>
        <translation>例如：六月召回</translation>
    </message>
    <message>
        <source>Amount off (¥)</source>
        <translation>满减券（元）</translation>
    </message>
    <message>
        <source>Percent off (%)</source>
        <translation>折扣券（%）</translation>
    </message>
    <message>
        <source>Cash voucher (¥)</source>
        <translation>代金券（元）</translation>
    </message>
    <message>
        <source>0 = none</source>
        <translation>0 = 无门槛</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>不封顶</translation>
    </message>
    <message>
        <source>Campaign name</source>
        <translation>活动名称</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>目标人群</translation>
    </message>
    <message>
        <source>Coupon kind</source>
        <translation>券类型</translation>
    </message>
    <message>
        <source>Threshold (¥)</source>
        <translation>使用门槛（元）</translation>
    </message>
    <message>
        <source>Cap (¥)</source>
        <translation>最高优惠（元）</translation>
    </message>
    <message>
        <source>Valid for days</source>
        <translation>有效天数</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>分群</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>已发放</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>已核销</translation>
    </message>
    <message>
        <source>Choose a campaign first.</source>
        <translation>请先选择一个活动。</translation>
    </message>
    <message>
        <source>{0} members will receive a coupon</source>
        <translation>将有 {0} 位会员收到优惠券</translation>
    </message>
    <message>
        <source>Give the campaign a name.</source>
        <translation>请填写活动名称。</translation>
    </message>
    <message>
        <source>Issuing coupons for “{0}”…</source>
        <translation>正在为“{0}”发放优惠券…</translation>
    </message>
    <message>
        <source> {0} members already had one.</source>
        <translation> {0} 位会员已领取过。</translation>
    </message>
    <message>
        <source> {0} members without marketing consent were skipped.</source>
        <translation> {0} 位未同意营销的会员已跳过。</translation>
    </message>
    <message>
        <source>Coupon sheet saved: {0}</source>
        <translation>优惠券打印页已保存：{0}</translation>
    </message>
    <message>
        <source>Full phone numbers</source>
        <translation>完整手机号</translation>
    </message>
    <message>
        <source>Export full phone numbers? This is recorded in the audit log.</source>
        <translation>导出完整手机号？此操作将记入审计日志。</translation>
    </message>
    <message>
        <source>Issued {0} of {1}</source>
        <translation>已发放 {0} / {1}</translation>
    </message>
    <message>
        <source>Champions</source>
        <translation>重要价值</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>忠诚</translation>
    </message>
    <message>
        <source>Potential</source>
        <translation>潜力</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>流失风险</translation>
    </message>
    <message>
        <source>Hibernating</source>
        <translation>沉睡</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>已流失</translation>
    </message>
    <message>
        <source>Whale</source>
        <translation>大客户</translation>
    </message>
    <message>
        <source>Promotion-only</source>
        <translation>只用券</translation>
    </message>
    <message>
        <source>Unexpected error in the program (ref {0}); it is logged.</source>
        <translation>程序意外出错（编号 {0}），已记入日志。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>会员分群</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>审计</translation>
    </message>
    <message>
        <source>Manager console</source>
        <translation>店长后台</translation>
    </message>
    <message>
        <source>working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>earned</source>
        <translation>获得</translation>
    </message>
    <message>
        <source>redeemed</source>
        <translation>抵扣</translation>
    </message>
    <message>
        <source>adjustment</source>
        <translation>手动调整</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>return: taken back</source>
        <translation>退货扣回</translation>
    </message>
    <message>
        <source>return: given back</source>
        <translation>退货返还</translation>
    </message>
    <message>
        <source>return</source>
        <translation>退货</translation>
    </message>
    <message>
        <source>valid</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>used</source>
        <translation>已使用</translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation>未生效</translation>
    </message>
    <message>
        <source>void</source>
        <translation>已作废</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Show full phone…</source>
        <translation>显示完整手机号…</translation>
    </message>
    <message>
        <source>Adjust points</source>
        <translation>调整积分</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>top tier</source>
        <translation>已是最高等级</translation>
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
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>积分</translation>
    </message>
    <message>
        <source>Balance</source>
        <translation>余额</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>小票号</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Points earned</source>
        <translation>获得积分</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>抵扣积分</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>已退货</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>退货单</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>退款</translation>
    </message>
    <message>
        <source>Points reversed</source>
        <translation>扣回积分</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>有效期至</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>资料</translation>
    </message>
    <message>
        <source>Tier history</source>
        <translation>等级变化</translation>
    </message>
    <message>
        <source>Points ledger</source>
        <translation>积分明细</translation>
    </message>
    <message>
        <source>Sales</source>
        <translation>消费记录</translation>
    </message>
    <message>
        <source>Returns</source>
        <translation>退货记录</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Reason (required)</source>
        <translation>原因（必填）</translation>
    </message>
    <message>
        <source>Points ±</source>
        <translation>积分 ±</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>生日</translation>
    </message>
    <message>
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <source>Growth</source>
        <translation>成长值</translation>
    </message>
    <message>
        <source>To next tier</source>
        <translation>距下一等级</translation>
    </message>
    <message>
        <source>Points expiring soon</source>
        <translation>积分即将过期</translation>
    </message>
    <message>
        <source>Marketing consent</source>
        <translation>营销授权</translation>
    </message>
    <message>
        <source>Referral code</source>
        <translation>推荐码</translation>
    </message>
    <message>
        <source>Member since</source>
        <translation>入会时间</translation>
    </message>
    <message>
        <source>Full phone number</source>
        <translation>完整手机号</translation>
    </message>
    <message>
        <source>Show the full phone number? This is recorded in the audit log.</source>
        <translation>显示完整手机号？此操作将记入审计日志。</translation>
    </message>
    <message>
        <source>Enter the number of points to add (or a negative number to remove).</source>
        <translation>请输入要增加的积分（负数为扣减）。</translation>
    </message>
    <message>
        <source>A reason is required for a manual adjustment.</source>
        <translation>手动调整积分必须填写原因。</translation>
    </message>
    <message>
        <source>yes, since {0}</source>
        <translation>是，自 {0}</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未填姓名）</translation>
    </message>
    <message>
        <source>{0} points</source>
        <translation>{0} 积分</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>最近到店</translation>
    </message>
    <message>
        <source>Spend (365 days)</source>
        <translation>近 365 天消费</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>到店次数</translation>
    </message>
    <message>
        <source>Points expiring</source>
        <translation>即将过期积分</translation>
    </message>
    <message>
        <source>All tiers</source>
        <translation>全部等级</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>全部分群</translation>
    </message>
    <message>
        <source>Birthday this month</source>
        <translation>本月生日</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>清除筛选</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>查询中…</translation>
    </message>
    <message>
        <source>Export members</source>
        <translation>导出会员</translation>
    </message>
    <message>
        <source>Phone tail or name  (Ctrl+F)</source>
        <translation>手机尾号或姓名  (Ctrl+F)</translation>
    </message>
    <message>
        <source>min ¥</source>
        <translation>最低 ¥</translation>
    </message>
    <message>
        <source>max ¥</source>
        <translation>最高 ¥</translation>
    </message>
    <message>
        <source>min</source>
        <translation>最低</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最高</translation>
    </message>
    <message>
        <source>{0}: expected a whole number, got '{1}'</source>
        <translation>{0}：应为整数，实际为“{1}”</translation>
    </message>
    <message>
        <source>minimum spend</source>
        <translation>最低消费</translation>
    </message>
    <message>
        <source>maximum spend</source>
        <translation>最高消费</translation>
    </message>
    <message>
        <source>minimum points</source>
        <translation>最低积分</translation>
    </message>
    <message>
        <source>maximum points</source>
        <translation>最高积分</translation>
    </message>
    <message>
        <source>{0} members</source>
        <translation>{0} 位会员</translation>
    </message>
    <message>
        <source>(no chart for this report)</source>
        <translation>（此报表无图表）</translation>
    </message>
    <message>
        <source>Repeat-purchase rate</source>
        <translation>复购率</translation>
    </message>
    <message>
        <source>Tier upgrade rate</source>
        <translation>等级升级率</translation>
    </message>
    <message>
        <source>Coupon redemption per campaign</source>
        <translation>各活动优惠券核销率</translation>
    </message>
    <message>
        <source>Average order value: members vs non-members</source>
        <translation>客单价：会员与非会员</translation>
    </message>
    <message>
        <source>Points liability</source>
        <translation>积分负债</translation>
    </message>
    <message>
        <source>Members per tier over time</source>
        <translation>各等级会员数变化</translation>
    </message>
    <message>
        <source>Sales per day</source>
        <translation>每日销售额</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>购买人数</translation>
    </message>
    <message>
        <source>Repeat buyers</source>
        <translation>复购人数</translation>
    </message>
    <message>
        <source>Repeat rate (%)</source>
        <translation>复购率（%）</translation>
    </message>
    <message>
        <source>Members upgraded</source>
        <translation>升级人数</translation>
    </message>
    <message>
        <source>Redemption rate (%)</source>
        <translation>核销率（%）</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>顾客</translation>
    </message>
    <message>
        <source>Number of sales</source>
        <translation>订单数</translation>
    </message>
    <message>
        <source>Revenue (¥)</source>
        <translation>销售额（元）</translation>
    </message>
    <message>
        <source>Average order (¥)</source>
        <translation>客单价（元）</translation>
    </message>
    <message>
        <source>Members with points</source>
        <translation>有积分会员数</translation>
    </message>
    <message>
        <source>Value (¥)</source>
        <translation>价值（元）</translation>
    </message>
    <message>
        <source>Expiring next month</source>
        <translation>下月到期积分</translation>
    </message>
    <message>
        <source>Expiring value (¥)</source>
        <translation>到期价值（元）</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Member sales</source>
        <translation>会员订单数</translation>
    </message>
    <message>
        <source>members</source>
        <translation>会员</translation>
    </message>
    <message>
        <source>non-members</source>
        <translation>非会员</translation>
    </message>
    <message>
        <source>Show report</source>
        <translation>查看报表</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>导出报表</translation>
    </message>
    <message>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>开始日期晚于结束日期。</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>报表</translation>
    </message>
    <message>
        <source>{0}, {1} to {2}…</source>
        <translation>{0}，{1} 至 {2}…</translation>
    </message>
    <message>
        <source>Step {0} of {1}</source>
        <translation>第 {0} 步，共 {1} 步</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Report cancelled.</source>
        <translation>报表已取消。</translation>
    </message>
    <message>
        <source>Show a report first.</source>
        <translation>请先查看一个报表。</translation>
    </message>
    <message>
        <source>Report saved: {0}</source>
        <translation>报表已保存：{0}</translation>
    </message>
    <message>
        <source>Recompute segments</source>
        <translation>重新计算分群</translation>
    </message>
    <message>
        <source>Segments and 365-day figures as of {0}</source>
        <translation>分群与近 365 天数据截至 {0}</translation>
    </message>
    <message>
        <source>Segments not computed yet</source>
        <translation>尚未计算分群</translation>
    </message>
    <message>
        <source>Segments recomputed.</source>
        <translation>分群已重新计算。</translation>
    </message>
    <message>
        <source>Previous snapshot</source>
        <translation>上次快照</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>Double-click a segment (or press Enter) to see its members.</source>
        <translation>双击分群（或按回车）查看其会员。</translation>
    </message>
    <message>
        <source>No snapshot yet: press Recompute.</source>
        <translation>尚无快照：请点击“重新计算分群”。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Snapshot of {0} (previous: {1})</source>
        <translation>快照时间 {0}（上次：{1}）</translation>
    </message>
    <message>
        <source>Validate</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>Saved. Every till uses the new settings from its next sale.</source>
        <translation>已保存。各收银台从下一笔交易起使用新设置。</translation>
    </message>
    <message>
        <source>Store configuration (TOML). Saved settings apply to every till from its next sale.</source>
        <translation>门店配置 (TOML)。保存后各收银台从下一笔交易起生效。</translation>
    </message>
    <message>
        <source>The configuration is valid.</source>
        <translation>配置有效。</translation>
    </message>
    <message>
        <source>The manager console needs a manager PIN.</source>
        <translation>店长后台需要店长 PIN。</translation>
    </message>
    <message>
        <source>Reset PIN…</source>
        <translation>重置 PIN…</translation>
    </message>
    <message>
        <source>Deactivate</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>Add staff</source>
        <translation>添加员工</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>收银员</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>店长</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Reset PIN</source>
        <translation>重置 PIN</translation>
    </message>
    <message>
        <source>Activate {0}?</source>
        <translation>启用 {0}？</translation>
    </message>
    <message>
        <source>Deactivate {0}? They can no longer sign in.</source>
        <translation>停用 {0}？停用后将无法登录。</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Code, e.g. C02</source>
        <translation>编号，例如 C02</translation>
    </message>
    <message>
        <source>PIN (4–12 digits)</source>
        <translation>PIN（4–12 位数字）</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Choose a staff member first.</source>
        <translation>请先选择一位员工。</translation>
    </message>
    <message>
        <source>Added {0} ({1}).</source>
        <translation>已添加 {0}（{1}）。</translation>
    </message>
    <message>
        <source>New PIN for {0}:</source>
        <translation>{0} 的新 PIN：</translation>
    </message>
    <message>
        <source>PIN reset for {0}.</source>
        <translation>已重置 {0} 的 PIN。</translation>
    </message>
    <message>
        <source>Add or change a reward</source>
        <translation>添加或修改兑换礼品</translation>
    </message>
    <message>
        <source>Amount off over a threshold</source>
        <translation>满减券</translation>
    </message>
    <message>
        <source>Cap</source>
        <translation>上限</translation>
    </message>
    <message>
        <source>Cap (yuan, percent only)</source>
        <translation>上限（元，仅折扣券）</translation>
    </message>
    <message>
        <source>Cash (no threshold)</source>
        <translation>无门槛现金券</translation>
    </message>
    <message>
        <source>Chinese name</source>
        <translation>中文名</translation>
    </message>
    <message>
        <source>Code, e.g. MUG</source>
        <translation>编码，如 MUG</translation>
    </message>
    <message>
        <source>Gift SKU</source>
        <translation>礼品货号</translation>
    </message>
    <message>
        <source>Gift SKU, e.g. MUG01</source>
        <translation>礼品货号，如 MUG01</translation>
    </message>
    <message>
        <source>Gift item</source>
        <translation>礼品</translation>
    </message>
    <message>
        <source>Gives</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>In the catalogue</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Members buy these with points at the till; a gift prints as a zero-price line. Stock goes down with each one taken and back up when it is returned.</source>
        <translation>会员在收银台用积分兑换；礼品在小票上为零元商品行。每兑换一件库存减一，退货时加回。</translation>
    </message>
    <message>
        <source>Offer</source>
        <translation>优惠</translation>
    </message>
    <message>
        <source>Offers</source>
        <translation>优惠记录</translation>
    </message>
    <message>
        <source>Percent off</source>
        <translation>折扣券</translation>
    </message>
    <message>
        <source>Reward {0} saved.</source>
        <translation>兑换礼品 {0} 已保存。</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>Save reward</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>门槛</translation>
    </message>
    <message>
        <source>Threshold (yuan)</source>
        <translation>门槛（元）</translation>
    </message>
    <message>
        <source>Value: yuan, or percent off</source>
        <translation>面值：元，或折扣百分比</translation>
    </message>
    <message>
        <source>bonus points</source>
        <translation>额外积分</translation>
    </message>
    <message>
        <source>next-visit coupon</source>
        <translation>回头券</translation>
    </message>
    <message>
        <source>points catalogue</source>
        <translation>积分兑换</translation>
    </message>
    <message>
        <source>referral reward</source>
        <translation>推荐奖励</translation>
    </message>
    <message>
        <source>referral welcome</source>
        <translation>推荐入会礼</translation>
    </message>
    <message>
        <source>stamp card reward</source>
        <translation>集点卡奖励</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Reward code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Reward name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Offers: redemption rate per rule</source>
        <translation>自动优惠：各规则核销率</translation>
    </message>
    <message>
        <source>Bounce-back ladder: step reached per month</source>
        <translation>回头券阶梯：每月达到的档位</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>Voided</source>
        <translation>已作废</translation>
    </message>
</context>
</TS>
