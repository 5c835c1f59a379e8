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
    <message>
      <source>Offline overdraws</source>
      <translation>离线透支</translation>
    </message>
    <message>
      <source>Add a store (chain administrator)</source>
      <translation>添加门店（连锁管理员）</translation>
    </message>
    <message>
      <source>Add store</source>
      <translation>添加门店</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <source>All stores</source>
      <translation>全部门店</translation>
    </message>
    <message>
      <source>Choose a store first.</source>
      <translation>请先选择门店。</translation>
    </message>
    <message>
      <source>Code, e.g. S02</source>
      <translation>编号，例如 S02</translation>
    </message>
    <message>
      <source>Join-group links</source>
      <translation>入群链接</translation>
    </message>
    <message>
      <source>Receipt footer</source>
      <translation>小票页脚</translation>
    </message>
    <message>
      <source>Receipt header</source>
      <translation>小票页眉</translation>
    </message>
    <message>
      <source>Register a till</source>
      <translation>登记收银台</translation>
    </message>
    <message>
      <source>Save store</source>
      <translation>保存门店</translation>
    </message>
    <message>
      <source>Store</source>
      <translation>门店</translation>
    </message>
    <message>
      <source>Store {0} added: register its tills.</source>
      <translation>已添加门店 {0}：请登记其收银台。</translation>
    </message>
    <message>
      <source>Store {0} saved.</source>
      <translation>门店 {0} 已保存。</translation>
    </message>
    <message>
      <source>Stores</source>
      <translation>门店</translation>
    </message>
    <message>
      <source>The selected store (empty: as the chain's settings)</source>
      <translation>所选门店（留空：沿用连锁设置）</translation>
    </message>
    <message>
      <source>Till {0} registered: start it with --till {0}.</source>
      <translation>收银台 {0} 已登记：以 --till {0} 启动。</translation>
    </message>
    <message>
      <source>Tills</source>
      <translation>收银台</translation>
    </message>
    <message>
      <source>one line per tier: gold = https://…</source>
      <translation>每个等级一行：gold = https://…</translation>
    </message>
    <message>
      <source>the chain's receipt footer</source>
      <translation>连锁的小票页脚</translation>
    </message>
    <message>
      <source>the chain's receipt header</source>
      <translation>连锁的小票页眉</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>打印机</translation>
    </message>
    <message>
      <source>Tiers</source>
      <translation>会员等级</translation>
    </message>
    <message>
      <source>Security</source>
      <translation>安全</translation>
    </message>
    <message>
      <source>Customer display</source>
      <translation>顾客显示屏</translation>
    </message>
    <message>
      <source>Store name</source>
      <translation>门店名称</translation>
    </message>
    <message>
      <source>Store phone</source>
      <translation>门店电话</translation>
    </message>
    <message>
      <source>Currency symbol</source>
      <translation>货币符号</translation>
    </message>
    <message>
      <source>Phone region (e.g. CN)</source>
      <translation>手机号地区（如 CN）</translation>
    </message>
    <message>
      <source>Language of the till</source>
      <translation>收银台语言</translation>
    </message>
    <message>
      <source>Join-membership QR link</source>
      <translation>入会二维码链接</translation>
    </message>
    <message>
      <source>Join-membership text</source>
      <translation>入会提示文字</translation>
    </message>
    <message>
      <source>Paper width (mm)</source>
      <translation>纸宽（毫米）</translation>
    </message>
    <message>
      <source>"Points expiring soon" (days)</source>
      <translation>“积分即将过期”提前天数</translation>
    </message>
    <message>
      <source>Printer kind</source>
      <translation>打印机类型</translation>
    </message>
    <message>
      <source>Printer target</source>
      <translation>打印机地址</translation>
    </message>
    <message>
      <source>Copies</source>
      <translation>打印份数</translation>
    </message>
    <message>
      <source>Growth window (days)</source>
      <translation>成长值统计期（天）</translation>
    </message>
    <message>
      <source>Growth per ¥1 paid</source>
      <translation>每实付¥1的成长值</translation>
    </message>
    <message>
      <source>Grace before a downgrade (days)</source>
      <translation>降级宽限期（天）</translation>
    </message>
    <message>
      <source>Tiers dropped at most per evaluation</source>
      <translation>每次评估最多降级数</translation>
    </message>
    <message>
      <source>Key</source>
      <translation>代码</translation>
    </message>
    <message>
      <source>Name (English)</source>
      <translation>名称（英文）</translation>
    </message>
    <message>
      <source>Name (Chinese)</source>
      <translation>名称（中文）</translation>
    </message>
    <message>
      <source>Growth needed</source>
      <translation>所需成长值</translation>
    </message>
    <message>
      <source>Or purchases in the window (0: not used)</source>
      <translation>或统计期内消费次数（0：不使用）</translation>
    </message>
    <message>
      <source>Discount (fraction, e.g. 0.05)</source>
      <translation>折扣（比例，如 0.05）</translation>
    </message>
    <message>
      <source>Points multiplier</source>
      <translation>积分倍数</translation>
    </message>
    <message>
      <source>Badge colour</source>
      <translation>徽章颜色</translation>
    </message>
    <message>
      <source>Group QR link</source>
      <translation>会员群二维码链接</translation>
    </message>
    <message>
      <source>Group QR text</source>
      <translation>会员群二维码文字</translation>
    </message>
    <message>
      <source>Points per ¥1 paid</source>
      <translation>每实付¥1积分</translation>
    </message>
    <message>
      <source>Points worth ¥1</source>
      <translation>多少积分抵¥1</translation>
    </message>
    <message>
      <source>Least points redeemed</source>
      <translation>最少抵扣积分</translation>
    </message>
    <message>
      <source>Redeem in steps of</source>
      <translation>抵扣积分步长</translation>
    </message>
    <message>
      <source>Most of the amount paid by points (fraction)</source>
      <translation>积分最多抵扣比例</translation>
    </message>
    <message>
      <source>Manager PIN above (points)</source>
      <translation>超过此积分需店长PIN</translation>
    </message>
    <message>
      <source>Points expire</source>
      <translation>积分过期</translation>
    </message>
    <message>
      <source>Birthday-month multiplier</source>
      <translation>生日月积分倍数</translation>
    </message>
    <message>
      <source>Member day of the month (0: none)</source>
      <translation>每月会员日（0：无）</translation>
    </message>
    <message>
      <source>Member-day multiplier</source>
      <translation>会员日积分倍数</translation>
    </message>
    <message>
      <source>Code prefix</source>
      <translation>券码前缀</translation>
    </message>
    <message>
      <source>Code length</source>
      <translation>券码长度</translation>
    </message>
    <message>
      <source>Valid for (days)</source>
      <translation>有效期（天）</translation>
    </message>
    <message>
      <source>Welcome coupon</source>
      <translation>入会礼券</translation>
    </message>
    <message>
      <source>Welcome coupon kind</source>
      <translation>入会礼券类型</translation>
    </message>
    <message>
      <source>Welcome coupon value</source>
      <translation>入会礼券面值</translation>
    </message>
    <message>
      <source>Welcome coupon minimum spend (¥)</source>
      <translation>入会礼券使用门槛（¥）</translation>
    </message>
    <message>
      <source>Welcome coupon valid for (days)</source>
      <translation>入会礼券有效期（天）</translation>
    </message>
    <message>
      <source>Manager PIN above (¥ refunded)</source>
      <translation>退款超过此金额需店长PIN（¥）</translation>
    </message>
    <message>
      <source>Returns within (days)</source>
      <translation>可退货天数</translation>
    </message>
    <message>
      <source>Window (days)</source>
      <translation>统计期（天）</translation>
    </message>
    <message>
      <source>At risk after (days)</source>
      <translation>流失风险：多少天未消费</translation>
    </message>
    <message>
      <source>Hibernating after (days)</source>
      <translation>沉睡（天后）</translation>
    </message>
    <message>
      <source>Lost after (days)</source>
      <translation>已流失（天后）</translation>
    </message>
    <message>
      <source>New within (days)</source>
      <translation>新客（天内）</translation>
    </message>
    <message>
      <source>Whale spend (¥)</source>
      <translation>大客户消费额（¥）</translation>
    </message>
    <message>
      <source>Wrong PINs before lock-out</source>
      <translation>锁定前允许输错PIN次数</translation>
    </message>
    <message>
      <source>Lock-out (minutes)</source>
      <translation>锁定时长（分钟）</translation>
    </message>
    <message>
      <source>Shortest PIN</source>
      <translation>PIN 最短位数</translation>
    </message>
    <message>
      <source>Old member-QR keys kept (days)</source>
      <translation>旧会员码密钥保留（天）</translation>
    </message>
    <message>
      <source>Backups kept (0: all)</source>
      <translation>保留备份数（0：全部）</translation>
    </message>
    <message>
      <source>Show the customer display</source>
      <translation>显示顾客显示屏</translation>
    </message>
    <message>
      <source>Screen (0: the second screen)</source>
      <translation>屏幕（0：第二块屏幕）</translation>
    </message>
    <message>
      <source>Full screen on its own screen</source>
      <translation>独占屏幕时全屏</translation>
    </message>
    <message>
      <source>Left (on the till's screen)</source>
      <translation>左边距（与收银共用屏幕时）</translation>
    </message>
    <message>
      <source>Top (on the till's screen)</source>
      <translation>上边距（与收银共用屏幕时）</translation>
    </message>
    <message>
      <source>Width</source>
      <translation>宽度</translation>
    </message>
    <message>
      <source>Height</source>
      <translation>高度</translation>
    </message>
    <message>
      <source>Thank-you screen (seconds)</source>
      <translation>致谢画面停留（秒）</translation>
    </message>
    <message>
      <source>Chinese</source>
      <translation>中文</translation>
    </message>
    <message>
      <source>English</source>
      <translation>英文</translation>
    </message>
    <message>
      <source>PDF file</source>
      <translation>PDF 文件</translation>
    </message>
    <message>
      <source>ESC/POS device</source>
      <translation>ESC/POS 设备</translation>
    </message>
    <message>
      <source>ESC/POS network</source>
      <translation>ESC/POS 网络打印机</translation>
    </message>
    <message>
      <source>ESC/POS USB</source>
      <translation>ESC/POS USB 打印机</translation>
    </message>
    <message>
      <source>System printer (CUPS)</source>
      <translation>系统打印机（CUPS）</translation>
    </message>
    <message>
      <source>None</source>
      <translation>无</translation>
    </message>
    <message>
      <source>at the end of the next year</source>
      <translation>次年年底</translation>
    </message>
    <message>
      <source>never</source>
      <translation>永不过期</translation>
    </message>
    <message>
      <source>amount off</source>
      <translation>满减券</translation>
    </message>
    <message>
      <source>percent off</source>
      <translation>折扣券</translation>
    </message>
    <message>
      <source>cash voucher</source>
      <translation>无门槛现金券</translation>
    </message>
    <message>
      <source>a whole number from {0} to {1}</source>
      <translation>{0} 到 {1} 之间的整数</translation>
    </message>
    <message>
      <source>a whole number, at least {0}</source>
      <translation>不小于 {0} 的整数</translation>
    </message>
    <message>
      <source>a whole number</source>
      <translation>整数</translation>
    </message>
    <message>
      <source>a decimal from 0 to {0}, such as 0.05</source>
      <translation>0 到 {0} 之间的小数，如 0.05</translation>
    </message>
    <message>
      <source>an amount in yuan with at most two decimals, such as 500.00</source>
      <translation>以元计的金额，最多两位小数，如 500.00</translation>
    </message>
    <message>
      <source>text</source>
      <translation>文字</translation>
    </message>
    <message>
      <source>{0}: expected {1}</source>
      <translation>{0}：应为{1}</translation>
    </message>
    <message>
      <source>Import TOML…</source>
      <translation>导入 TOML…</translation>
    </message>
    <message>
      <source>Export TOML…</source>
      <translation>导出 TOML…</translation>
    </message>
    <message>
      <source>Store settings. Saved settings apply to every till from its next sale.</source>
      <translation>门店设置。保存后，每台收银机从下一笔销售起使用新设置。</translation>
    </message>
    <message>
      <source>These settings do not fit together: {0}</source>
      <translation>这些设置相互矛盾：{0}</translation>
    </message>
    <message>
      <source>{0} does not fit the other settings: {1}</source>
      <translation>{0}与其他设置矛盾：{1}</translation>
    </message>
    <message>
      <source>Import settings</source>
      <translation>导入设置</translation>
    </message>
    <message>
      <source>Export settings</source>
      <translation>导出设置</translation>
    </message>
    <message>
      <source>Cannot read {0}: {1}</source>
      <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
      <source>Imported; check the fields and Save to use them.</source>
      <translation>已导入；请检查各项后点“保存”生效。</translation>
    </message>
    <message>
      <source>Cannot write {0}: {1}</source>
      <translation>无法写入 {0}：{1}</translation>
    </message>
    <message>
      <source>Settings written to {0}</source>
      <translation>设置已写入 {0}</translation>
    </message>
    <message>
      <source>Receipts</source>
      <translation>小票</translation>
    </message>
    <message>
      <source>Returns policy</source>
      <translation>退货规则</translation>
    </message>
    <message>
      <source>Full phone shown</source>
      <translation>查看完整手机号</translation>
    </message>
    <message>
      <source>Members exported</source>
      <translation>导出会员</translation>
    </message>
    <message>
      <source>Member erased</source>
      <translation>删除会员个人信息</translation>
    </message>
    <message>
      <source>Campaign exported</source>
      <translation>导出营销活动</translation>
    </message>
    <message>
      <source>Member details opened</source>
      <translation>查看会员详情</translation>
    </message>
    <message>
      <source>Member card made</source>
      <translation>制作会员卡</translation>
    </message>
    <message>
      <source>Marketing consent given</source>
      <translation>同意营销</translation>
    </message>
    <message>
      <source>Marketing consent withdrawn</source>
      <translation>撤回营销同意</translation>
    </message>
    <message>
      <source>Audit rows redacted</source>
      <translation>审计记录脱敏</translation>
    </message>
    <message>
      <source>Points adjusted</source>
      <translation>手动调整积分</translation>
    </message>
    <message>
      <source>Coupons issued</source>
      <translation>发放优惠券</translation>
    </message>
    <message>
      <source>Campaign issued</source>
      <translation>营销活动发券</translation>
    </message>
    <message>
      <source>Large redemption approved</source>
      <translation>大额积分抵扣已批准</translation>
    </message>
    <message>
      <source>Member enrolled</source>
      <translation>会员入会</translation>
    </message>
    <message>
      <source>Receipt reprinted</source>
      <translation>重打小票</translation>
    </message>
    <message>
      <source>Coupon sheet made</source>
      <translation>制作优惠券页</translation>
    </message>
    <message>
      <source>Signed in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Manager PIN accepted</source>
      <translation>店长PIN通过</translation>
    </message>
    <message>
      <source>Wrong PIN</source>
      <translation>PIN错误</translation>
    </message>
    <message>
      <source>Till locked (wrong PINs)</source>
      <translation>收银机锁定（PIN错误）</translation>
    </message>
    <message>
      <source>PIN shared by several staff</source>
      <translation>PIN被多名员工共用</translation>
    </message>
    <message>
      <source>New PIN refused (taken)</source>
      <translation>新PIN被拒（已被占用）</translation>
    </message>
    <message>
      <source>Sign-in refused (locked out)</source>
      <translation>登录被拒（已锁定）</translation>
    </message>
    <message>
      <source>Staff member locked out</source>
      <translation>员工被锁定</translation>
    </message>
    <message>
      <source>Manager-only action refused</source>
      <translation>越权操作被拒</translation>
    </message>
    <message>
      <source>Staff added</source>
      <translation>新增员工</translation>
    </message>
    <message>
      <source>PIN reset</source>
      <translation>重置PIN</translation>
    </message>
    <message>
      <source>Staff reactivated</source>
      <translation>员工重新启用</translation>
    </message>
    <message>
      <source>Staff deactivated</source>
      <translation>员工停用</translation>
    </message>
    <message>
      <source>Settings saved</source>
      <translation>保存设置</translation>
    </message>
    <message>
      <source>Member-QR key rotated</source>
      <translation>更换会员码密钥</translation>
    </message>
    <message>
      <source>Backup</source>
      <translation>备份</translation>
    </message>
    <message>
      <source>Restore</source>
      <translation>恢复备份</translation>
    </message>
    <message>
      <source>Audit log viewed</source>
      <translation>查看审计日志</translation>
    </message>
    <message>
      <source>Audit log exported</source>
      <translation>导出审计日志</translation>
    </message>
    <message>
      <source>Fraud signals viewed</source>
      <translation>查看风险信号</translation>
    </message>
    <message>
      <source>Report exported</source>
      <translation>导出报表</translation>
    </message>
    <message>
      <source>Audit chain checked</source>
      <translation>校验审计链</translation>
    </message>
    <message>
      <source>Member-QR keys imported</source>
      <translation>导入会员码密钥</translation>
    </message>
    <message>
      <source>Busy member</source>
      <translation>会员交易异常频繁</translation>
    </message>
    <message>
      <source>Cashier redemptions</source>
      <translation>收银员积分抵扣异常</translation>
    </message>
    <message>
      <source>Cashier refunds</source>
      <translation>收银员退款异常</translation>
    </message>
    <message>
      <source>Till enrolments</source>
      <translation>收银机入会异常</translation>
    </message>
    <message>
      <source>Referral enrolments</source>
      <translation>推荐入会异常</translation>
    </message>
    <message>
      <source>Till PIN lock-outs</source>
      <translation>收银机PIN锁定</translation>
    </message>
    <message>
      <source>Staff PIN lock-outs</source>
      <translation>员工PIN锁定</translation>
    </message>
    <message>
      <source>Repeat rate within the month (%)</source>
      <translation>当月复购率（%）</translation>
    </message>
    <message>
      <source>Over the whole range {0} % of buyers bought twice or more ({1} of {2}). The chart counts each month on its own: buyers who bought twice or more within that month.</source>
      <translation>整个期间内 {0} % 的顾客购买两次及以上（{2} 人中 {1} 人）。图表按月单独统计：当月内购买两次及以上的顾客。</translation>
    </message>
    <message>
      <source>Tier upgrade rate {0} %: {1} members upgraded in the range, of {2} members at its start. The chart: upgrades into each tier.</source>
      <translation>等级升级率 {0} %：期间内 {1} 名会员升级，期初共 {2} 名会员。图表：升入各等级的人数。</translation>
    </message>
    <message>
      <source>Coupon redemption rate {0} %: {1} of {2} coupons issued in the range were used.</source>
      <translation>优惠券核销率 {0} %：期间内发放的 {2} 张券中已使用 {1} 张。</translation>
    </message>
    <message>
      <source>Average order: members {0}, non-members {1}.</source>
      <translation>客单价：会员 {0}，非会员 {1}。</translation>
    </message>
    <message>
      <source>Points held now: {0} points, worth {1}; {2} points ({3}) expire in {4}.</source>
      <translation>当前积分余额：{0} 分，价值 {1}；{2} 分（{3}）将于 {4} 过期。</translation>
    </message>
    <message>
      <source>Members per tier at the end of the range: {0}</source>
      <translation>期末各等级会员数：{0}</translation>
    </message>
    <message>
      <source>{0} sales in the range, revenue {1}.</source>
      <translation>期间内 {0} 笔销售，营业额 {1}。</translation>
    </message>
    <message>
      <source>enrolled</source>
      <translation>入会</translation>
    </message>
    <message>
      <source>upgrade</source>
      <translation>升级</translation>
    </message>
    <message>
      <source>downgrade</source>
      <translation>降级</translation>
    </message>
    <message>
      <source>earned on receipt {0}</source>
      <translation>消费获得（小票 {0}）</translation>
    </message>
    <message>
      <source>redeemed on receipt {0}</source>
      <translation>消费抵扣（小票 {0}）</translation>
    </message>
    <message>
      <source>lot expired on {0}</source>
      <translation>于 {0} 过期</translation>
    </message>
    <message>
      <source>return {0}</source>
      <translation>退货 {0}</translation>
    </message>
    <message>
      <source>return {0} ({1} points already spent)</source>
      <translation>退货 {0}（{1} 积分已被使用）</translation>
    </message>
    <message>
      <source>[removed when the member was erased]</source>
      <translation>［会员信息删除时已移除］</translation>
    </message>
    <message>
      <source>Tier {0} must need more growth or purchases than the tier before it.</source>
      <translation>第 {0} 个等级所需成长值或消费次数必须高于前一个等级。</translation>
    </message>
    <message>
      <source>The first tier is the entry tier: it must need 0 growth and 0 purchases.</source>
      <translation>第一个等级是入会等级：所需成长值和消费次数必须为 0。</translation>
    </message>
    <message>
      <source>Two tiers have the same key.</source>
      <translation>有两个等级的代码相同。</translation>
    </message>
    <message>
      <source>Least points redeemed must be a multiple of the redeem step.</source>
      <translation>最少抵扣积分必须是抵扣积分步长的整数倍。</translation>
    </message>
    <message>
      <source>Segments: the days for at risk, hibernating and lost must grow in that order.</source>
      <translation>会员分群：流失风险、沉睡、已流失的天数必须依次递增。</translation>
    </message>
    <message>
      <source>The printer target does not suit this kind of printer.</source>
      <translation>打印机地址与打印机类型不符。</translation>
    </message>
    <message>
      <source>member {0}</source>
      <translation>会员 {0}</translation>
    </message>
    <message>
      <source>referrer member {0}</source>
      <translation>推荐人会员 {0}</translation>
    </message>
    <message>
      <source>till {0}</source>
      <translation>收银机 {0}</translation>
    </message>
    <message>
      <source>staff {0}</source>
      <translation>员工 {0}</translation>
    </message>
    <message>
      <source>cashier {0}</source>
      <translation>收银员 {0}</translation>
    </message>
    <message>
      <source>{0} loyalty transactions on {1}</source>
      <translation>{1} 当天 {0} 笔会员交易</translation>
    </message>
    <message>
      <source>{0} points redeemed; the cashiers' median {1}</source>
      <translation>抵扣 {0} 积分；收银员中位数 {1}</translation>
    </message>
    <message>
      <source>{0} refunded; the cashiers' median {1}</source>
      <translation>退款 {0}；收银员中位数 {1}</translation>
    </message>
    <message>
      <source>{0} enrolments</source>
      <translation>入会 {0} 人</translation>
    </message>
    <message>
      <source>{0} PIN lock-outs after wrong PINs</source>
      <translation>PIN 输错导致锁定 {0} 次</translation>
    </message>
    <message>
      <source>Late return approved</source>
      <translation>逾期退货已批准</translation>
    </message>
    <message>
      <source>Offline sale overdrew points or a coupon</source>
      <translation>离线销售超用积分或优惠券</translation>
    </message>
    <message>
      <source>Replenishment cycle set</source>
      <translation>已设置补货周期</translation>
    </message>
    <message>
      <source>Referral refused</source>
      <translation>推荐被拒绝</translation>
    </message>
    <message>
      <source>Reward saved</source>
      <translation>兑换礼品已保存</translation>
    </message>
    <message>
      <source>Lifecycle</source>
      <translation>生命周期</translation>
    </message>
    <message>
      <source>Bounce-back</source>
      <translation>回头券</translation>
    </message>
    <message>
      <source>Referral</source>
      <translation>老带新</translation>
    </message>
    <message>
      <source>Stamp card</source>
      <translation>集点卡</translation>
    </message>
    <message>
      <source>Earn ladder</source>
      <translation>月度积分阶梯</translation>
    </message>
    <message>
      <source>Most points redeemed offline per sale (0: off)</source>
      <translation>离线每单最多抵扣积分（0：关闭）</translation>
    </message>
    <message>
      <source>Next-visit coupon on the receipt</source>
      <translation>小票上的回头券</translation>
    </message>
    <message>
      <source>Purchases counted over (days)</source>
      <translation>统计购买次数的天数</translation>
    </message>
    <message>
      <source>Next-visit coupon valid for (days)</source>
      <translation>回头券有效天数</translation>
    </message>
    <message>
      <source>Referral codes</source>
      <translation>推荐码（老带新）</translation>
    </message>
    <message>
      <source>Welcome coupon for the new member (¥)</source>
      <translation>新会员欢迎券（¥）</translation>
    </message>
    <message>
      <source>New member's first sale pays at least (¥)</source>
      <translation>新会员首单至少支付（¥）</translation>
    </message>
    <message>
      <source>Referrer gets (coupon or points)</source>
      <translation>推荐人奖励（券或积分）</translation>
    </message>
    <message>
      <source>Referrer's coupon: off (¥)</source>
      <translation>推荐人券：减（¥）</translation>
    </message>
    <message>
      <source>Referrer's coupon: over (¥)</source>
      <translation>推荐人券：满（¥）</translation>
    </message>
    <message>
      <source>Referrer's points</source>
      <translation>推荐人积分</translation>
    </message>
    <message>
      <source>Referrer's coupon valid for (days)</source>
      <translation>推荐人券有效天数</translation>
    </message>
    <message>
      <source>Rewards per referrer per month</source>
      <translation>每位推荐人每月奖励上限</translation>
    </message>
    <message>
      <source>Product category that earns stamps</source>
      <translation>集点的商品类别</translation>
    </message>
    <message>
      <source>Card name (English)</source>
      <translation>集点卡名称（英文）</translation>
    </message>
    <message>
      <source>Card name (Chinese)</source>
      <translation>集点卡名称（中文）</translation>
    </message>
    <message>
      <source>Stamps for one free item</source>
      <translation>兑换一件免费商品所需点数</translation>
    </message>
    <message>
      <source>Free item worth at most (¥)</source>
      <translation>免费商品最高价值（¥）</translation>
    </message>
    <message>
      <source>Stamp reward valid for (days)</source>
      <translation>集点奖励有效天数</translation>
    </message>
    <message>
      <source>Rewards catalogue</source>
      <translation>积分兑换目录</translation>
    </message>
    <message>
      <source>Coupons bought with points valid for (days)</source>
      <translation>积分兑换券有效天数</translation>
    </message>
    <message>
      <source>Monthly earn ladder</source>
      <translation>月度积分阶梯</translation>
    </message>
    <message>
      <source>Behaviour groups</source>
      <translation>行为分组</translation>
    </message>
    <message>
      <source>Sleeping: no purchase for (days)</source>
      <translation>沉睡：多少天未购买</translation>
    </message>
    <message>
      <source>High-potential new: within (days)</source>
      <translation>高潜新客：多少天内</translation>
    </message>
    <message>
      <source>High-potential new: paid at least (¥)</source>
      <translation>高潜新客：至少支付（¥）</translation>
    </message>
    <message>
      <source>Stable: a purchase in each of (months)</source>
      <translation>稳定：连续每月购买的月数</translation>
    </message>
    <message>
      <source>Whale: paid at least (¥)</source>
      <translation>大客户：至少支付（¥）</translation>
    </message>
    <message>
      <source>Whale: within (days)</source>
      <translation>大客户：统计天数</translation>
    </message>
    <message>
      <source>Price-sensitive: share of purchases with a coupon</source>
      <translation>价格敏感：用券购买占比</translation>
    </message>
    <message>
      <source>Win-back after (days)</source>
      <translation>挽回：多少天后</translation>
    </message>
    <message>
      <source>Automatic coupon at risk</source>
      <translation>流失风险自动发券</translation>
    </message>
    <message>
      <source>At-risk coupon kind</source>
      <translation>流失风险券类型</translation>
    </message>
    <message>
      <source>At-risk coupon value</source>
      <translation>流失风险券面值</translation>
    </message>
    <message>
      <source>At-risk coupon: over (¥)</source>
      <translation>流失风险券：满（¥）</translation>
    </message>
    <message>
      <source>At-risk coupon valid for (days)</source>
      <translation>流失风险券有效天数</translation>
    </message>
    <message>
      <source>Automatic win-back coupon</source>
      <translation>自动挽回券</translation>
    </message>
    <message>
      <source>Win-back coupon kind</source>
      <translation>挽回券类型</translation>
    </message>
    <message>
      <source>Win-back coupon value</source>
      <translation>挽回券面值</translation>
    </message>
    <message>
      <source>Win-back coupon: over (¥)</source>
      <translation>挽回券：满（¥）</translation>
    </message>
    <message>
      <source>Win-back coupon valid for (days)</source>
      <translation>挽回券有效天数</translation>
    </message>
    <message>
      <source>Replenishment reminders</source>
      <translation>补货提醒</translation>
    </message>
    <message>
      <source>Due this many days early</source>
      <translation>提前多少天提醒</translation>
    </message>
    <message>
      <source>"Due soon" on a member's receipt</source>
      <translation>会员小票打印“补货提醒”</translation>
    </message>
    <message>
      <source>"Due soon": at most (products)</source>
      <translation>补货提醒：最多（件商品）</translation>
    </message>
    <message>
      <source>"Due soon": due within (days)</source>
      <translation>补货提醒：多少天内到期</translation>
    </message>
    <message>
      <source>Campaign holdout (%)</source>
      <translation>活动对照组比例（%）</translation>
    </message>
    <message>
      <source>Uplift window (days)</source>
      <translation>提升效果统计天数</translation>
    </message>
    <message>
      <source>Points expiry job</source>
      <translation>积分过期任务</translation>
    </message>
    <message>
      <source>Tier evaluation job</source>
      <translation>等级评估任务</translation>
    </message>
    <message>
      <source>Regrouping job</source>
      <translation>重新分组任务</translation>
    </message>
    <message>
      <source>Automatic offers job</source>
      <translation>自动优惠任务</translation>
    </message>
    <message>
      <source>Replenishment job</source>
      <translation>补货提醒任务</translation>
    </message>
    <message>
      <source>An idle till runs the jobs</source>
      <translation>空闲收银台运行任务</translation>
    </message>
    <message>
      <source>Idle after (minutes)</source>
      <translation>空闲多少分钟后</translation>
    </message>
    <message>
      <source>Take over a stalled run after (minutes)</source>
      <translation>多少分钟后接管卡住的任务</translation>
    </message>
    <message>
      <source>Days from coupon issue to use</source>
      <translation>从发券到用券的天数</translation>
    </message>
    <message>
      <source>Campaign cost vs incremental revenue</source>
      <translation>活动成本与增量收入</translation>
    </message>
    <message>
      <source>Days</source>
      <translation>天数</translation>
    </message>
    <message>
      <source>95 % interval, low (¥)</source>
      <translation>95% 区间下限（¥）</translation>
    </message>
    <message>
      <source>95 % interval, high (¥)</source>
      <translation>95% 区间上限（¥）</translation>
    </message>
    <message>
      <source>Significant</source>
      <translation>显著</translation>
    </message>
    <message>
      <source>Store added</source>
      <translation>新增门店</translation>
    </message>
    <message>
      <source>Store changed</source>
      <translation>门店资料已修改</translation>
    </message>
    <message>
      <source>Till registered</source>
      <translation>新增收银台</translation>
    </message>
    <message>
      <source>Later returns need a manager</source>
      <translation>超期退货须经理批准</translation>
    </message>
    <message>
      <source> days</source>
      <translation> 天</translation>
    </message>
    <message>
      <source>95 % high</source>
      <translation>95% 上限</translation>
    </message>
    <message>
      <source>95 % low</source>
      <translation>95% 下限</translation>
    </message>
    <message>
      <source>A member may carry several groups; they are regrouped every week by the scheduled jobs. Double-click a group to see its members.</source>
      <translation>一位会员可同时属于多个分组；定时任务每周重新分组。双击分组查看其会员。</translation>
    </message>
    <message>
      <source>A week before</source>
      <translation>一周前</translation>
    </message>
    <message>
      <source>All behaviour groups</source>
      <translation>全部行为分组</translation>
    </message>
    <message>
      <source>Behaviour group</source>
      <translation>行为分组</translation>
    </message>
    <message>
      <source>Behaviour groups of {0} (compared with {1})</source>
      <translation>{0} 的行为分组（对比 {1}）</translation>
    </message>
    <message>
      <source>Behaviour groups: not computed yet (press Regroup now).</source>
      <translation>行为分组尚未计算（请点“立即重新分组”）。</translation>
    </message>
    <message>
      <source>Buyers (%)</source>
      <translation>购买率（%）</translation>
    </message>
    <message>
      <source>Change since last week</source>
      <translation>较上周变化</translation>
    </message>
    <message>
      <source>Choose a job first.</source>
      <translation>请先选择一个任务。</translation>
    </message>
    <message>
      <source>Coupon cost (¥)</source>
      <translation>用券成本（¥）</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>待运行</translation>
    </message>
    <message>
      <source>Due to buy again within</source>
      <translation>需补货（未来）</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>耗时</translation>
    </message>
    <message>
      <source>Every</source>
      <translation>周期</translation>
    </message>
    <message>
      <source>Export uplift</source>
      <translation>导出增量分析</translation>
    </message>
    <message>
      <source>Failed: {0}</source>
      <translation>失败：{0}</translation>
    </message>
    <message>
      <source>Got the coupon</source>
      <translation>发券组</translation>
    </message>
    <message>
      <source>Group</source>
      <translation>组别</translation>
    </message>
    <message>
      <source>Holdout</source>
      <translation>对照组</translation>
    </message>
    <message>
      <source>Holdout (get nothing)</source>
      <translation>对照组（不发券）</translation>
    </message>
    <message>
      <source>Incremental revenue (¥)</source>
      <translation>增量收入（¥）</translation>
    </message>
    <message>
      <source>Incremental revenue and its 95 % interval</source>
      <translation>增量收入及 95% 置信区间</translation>
    </message>
    <message>
      <source>Incremental revenue {0} (95 % interval {1}); coupons cost {2}</source>
      <translation>增量收入 {0}（95% 区间 {1}）；券成本 {2}</translation>
    </message>
    <message>
      <source>Job</source>
      <translation>任务</translation>
    </message>
    <message>
      <source>Jobs</source>
      <translation>定时任务</translation>
    </message>
    <message>
      <source>Last run</source>
      <translation>上次运行</translation>
    </message>
    <message>
      <source>Members kept back at random who get nothing: the Uplift tab compares them</source>
      <translation>随机留出、不发券的会员：在“增量”页对比</translation>
    </message>
    <message>
      <source>Members regrouped.</source>
      <translation>会员已重新分组。</translation>
    </message>
    <message>
      <source>Not significant: this difference could be chance (the interval includes zero).</source>
      <translation>不显著：差异可能只是偶然（区间包含零）。</translation>
    </message>
    <message>
      <source>Nothing was due.</source>
      <translation>没有到期的任务。</translation>
    </message>
    <message>
      <source>Only campaigns issued with a holdout can be compared: the holdout got nothing, so the difference is what the campaign brought.</source>
      <translation>只有留有对照组的活动可以对比：对照组没有收到券，差额就是活动带来的效果。</translation>
    </message>
    <message>
      <source>Ran: {0}</source>
      <translation>已运行：{0}</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>刷新</translation>
    </message>
    <message>
      <source>Regroup now</source>
      <translation>立即重新分组</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结果</translation>
    </message>
    <message>
      <source>Revenue per member (¥)</source>
      <translation>人均收入（¥）</translation>
    </message>
    <message>
      <source>Run due jobs</source>
      <translation>运行到期任务</translation>
    </message>
    <message>
      <source>Run selected job now</source>
      <translation>立即运行所选任务</translation>
    </message>
    <message>
      <source>Scheduled jobs</source>
      <translation>定时任务</translation>
    </message>
    <message>
      <source>Show a campaign's uplift first.</source>
      <translation>请先查看一个活动的增量。</translation>
    </message>
    <message>
      <source>Show uplift</source>
      <translation>查看增量</translation>
    </message>
    <message>
      <source>Significant: the campaign brought less revenue than the holdout.</source>
      <translation>显著：活动组收入低于对照组。</translation>
    </message>
    <message>
      <source>Significant: the campaign brought more revenue than the holdout.</source>
      <translation>显著：活动带来了高于对照组的收入。</translation>
    </message>
    <message>
      <source>The jobs also run from cron or a systemd timer (pos jobs run) and, when set, on an idle till; each job runs once per day or week however many tills start it.</source>
      <translation>这些任务也可由 cron 或 systemd 定时器（pos jobs run）运行，设置后空闲的收银台也会运行；无论多少台收银机同时启动，每个任务每天或每周只运行一次。</translation>
    </message>
    <message>
      <source>Too few members in the issued group or the holdout to compare.</source>
      <translation>发券组或对照组人数太少，无法比较。</translation>
    </message>
    <message>
      <source>Uplift</source>
      <translation>增量</translation>
    </message>
    <message>
      <source>day</source>
      <translation>天</translation>
    </message>
    <message>
      <source>estimate</source>
      <translation>估计值</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>失败</translation>
    </message>
    <message>
      <source>none a week before</source>
      <translation>一周前无记录</translation>
    </message>
    <message>
      <source>not available</source>
      <translation>无</translation>
    </message>
    <message>
      <source>off</source>
      <translation>关闭</translation>
    </message>
    <message>
      <source>ok</source>
      <translation>成功</translation>
    </message>
    <message>
      <source>over</source>
      <translation>统计</translation>
    </message>
    <message>
      <source>running</source>
      <translation>运行中</translation>
    </message>
    <message>
      <source>running {0}…</source>
      <translation>正在运行 {0}…</translation>
    </message>
    <message>
      <source>week</source>
      <translation>周</translation>
    </message>
    <message>
      <source>{0} to {1}</source>
      <translation>{0} 至 {1}</translation>
    </message>
    <message>
      <source> {0} members kept back as the holdout.</source>
      <translation> {0} 位会员留作对照组。</translation>
    </message>
    <message>
      <source>Offline: most points a member may redeem a day at this till</source>
      <translation>离线：每位会员每天在本收银台最多可用积分</translation>
    </message>
    <message>
      <source>Sleeping after (days without a purchase)</source>
      <translation>沉睡：多少天未消费</translation>
    </message>
    <message>
      <source>High-potential new: first purchase within (days)</source>
      <translation>高潜新客：首购在多少天内</translation>
    </message>
    <message>
      <source>Stable: a purchase in each of the last (months)</source>
      <translation>稳定：最近几个月每月都有消费</translation>
    </message>
    <message>
      <source>Automatic offer at "at risk"</source>
      <translation>流失风险时自动发券</translation>
    </message>
    <message>
      <source>At-risk coupon minimum spend (¥)</source>
      <translation>流失风险券使用门槛（¥）</translation>
    </message>
    <message>
      <source>Automatic offer at "win-back"</source>
      <translation>挽回阶段自动发券</translation>
    </message>
    <message>
      <source>Win-back coupon minimum spend (¥)</source>
      <translation>挽回券使用门槛（¥）</translation>
    </message>
    <message>
      <source>Due this many days before the cycle ends</source>
      <translation>周期结束前几天提醒</translation>
    </message>
    <message>
      <source>Uplift report window (days)</source>
      <translation>增量报表观察天数</translation>
    </message>
    <message>
      <source>Points expiry (daily)</source>
      <translation>积分过期（每日）</translation>
    </message>
    <message>
      <source>Tier evaluation (daily)</source>
      <translation>等级评估（每日）</translation>
    </message>
    <message>
      <source>Segments and groups (weekly)</source>
      <translation>分群与分组（每周）</translation>
    </message>
    <message>
      <source>Automatic offers</source>
      <translation>自动发券</translation>
    </message>
    <message>
      <source>Replenishment due list</source>
      <translation>补货到期清单</translation>
    </message>
    <message>
      <source>An idle till runs due jobs</source>
      <translation>收银台空闲时运行到期任务</translation>
    </message>
    <message>
      <source>Idle for (minutes)</source>
      <translation>空闲多少分钟</translation>
    </message>
    <message>
      <source>95 % interval: low (¥)</source>
      <translation>95% 区间下限（¥）</translation>
    </message>
    <message>
      <source>95 % interval: high (¥)</source>
      <translation>95% 区间上限（¥）</translation>
    </message>
    <message>
      <source>Offline overdraw</source>
      <translation>离线透支</translation>
    </message>
    <message>
      <source>Product marked consumable</source>
      <translation>商品设为消耗品</translation>
    </message>
    <message>
      <source>Bounce-back steps</source>
      <translation>回头券阶梯</translation>
    </message>
    <message>
      <source>Earn ladder steps</source>
      <translation>月度返积分阶梯</translation>
    </message>
    <message>
      <source>After purchase number</source>
      <translation>第几次购买后</translation>
    </message>
    <message>
      <source>Then every N purchases (0: once)</source>
      <translation>此后每 N 次购买（0：仅一次）</translation>
    </message>
    <message>
      <source>Offer kind</source>
      <translation>优惠类型</translation>
    </message>
    <message>
      <source>Value (¥ off, fraction off, or points multiplier)</source>
      <translation>数值（减免金额¥、折扣比例或积分倍数）</translation>
    </message>
    <message>
      <source>Over (¥, 0: no minimum)</source>
      <translation>满额（¥，0：无门槛）</translation>
    </message>
    <message>
      <source>Most taken off (¥, 0: no cap)</source>
      <translation>最多减免（¥，0：不封顶）</translation>
    </message>
    <message>
      <source>Only this tier and above (empty: all)</source>
      <translation>仅限此等级及以上（留空：全部）</translation>
    </message>
    <message>
      <source>Only this segment (empty: all)</source>
      <translation>仅限此分群（留空：全部）</translation>
    </message>
    <message>
      <source>Offer name (English)</source>
      <translation>优惠名称（英文）</translation>
    </message>
    <message>
      <source>Offer name (Chinese)</source>
      <translation>优惠名称（中文）</translation>
    </message>
    <message>
      <source>Month's spend at least (¥)</source>
      <translation>当月消费至少（¥）</translation>
    </message>
    <message>
      <source>Points value earned (fraction of the amount paid)</source>
      <translation>返积分价值（实付金额的比例）</translation>
    </message>
    <message>
      <source>double points on the next visit</source>
      <translation>下次消费双倍积分</translation>
    </message>
    <message>
      <source>free item</source>
      <translation>免费单品</translation>
    </message>
    <message>
      <source>Step {0}</source>
      <translation>第 {0} 档</translation>
    </message>
    <message>
      <source>Add a step</source>
      <translation>添加一档</translation>
    </message>
    <message>
      <source>Remove this step</source>
      <translation>删除此档</translation>
    </message>
    <message>
      <source>another store's</source>
      <translation>其他门店的</translation>
    </message>
    <message>
      <source>for the chain's administrators only</source>
      <translation>仅限连锁管理员</translation>
    </message>
    <message>
      <source>the referrer's monthly limit</source>
      <translation>推荐人本月上限</translation>
    </message>
    <message>
      <source>(none)</source>
      <translation>（无）</translation>
    </message>
    <message>
      <source>; </source>
      <translation>；</translation>
    </message>
    <message>
      <source>Already had it</source>
      <translation>已持有</translation>
    </message>
    <message>
      <source>Amount off</source>
      <translation>满减券</translation>
    </message>
    <message>
      <source>Backup made</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <source>By</source>
      <translation>操作人</translation>
    </message>
    <message>
      <source>Cancelled</source>
      <translation>已取消</translation>
    </message>
    <message>
      <source>Cash voucher</source>
      <translation>代金券</translation>
    </message>
    <message>
      <source>Changed</source>
      <translation>已更改</translation>
    </message>
    <message>
      <source>Changes</source>
      <translation>更改内容</translation>
    </message>
    <message>
      <source>Consent</source>
      <translation>营销同意</translation>
    </message>
    <message>
      <source>Consumable</source>
      <translation>消耗品</translation>
    </message>
    <message>
      <source>Count</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Coupons voided</source>
      <translation>作废优惠券</translation>
    </message>
    <message>
      <source>Cycle (days)</source>
      <translation>周期（天）</translation>
    </message>
    <message>
      <source>Failures</source>
      <translation>失败次数</translation>
    </message>
    <message>
      <source>Filter</source>
      <translation>筛选条件</translation>
    </message>
    <message>
      <source>First break</source>
      <translation>首个断点</translation>
    </message>
    <message>
      <source>Keys</source>
      <translation>密钥</translation>
    </message>
    <message>
      <source>Ledger reasons redacted</source>
      <translation>已清除的积分流水原因</translation>
    </message>
    <message>
      <source>Limit</source>
      <translation>上限</translation>
    </message>
    <message>
      <source>New member</source>
      <translation>新会员</translation>
    </message>
    <message>
      <source>No staff member identified (the till is recorded)</source>
      <translation>未识别员工（记录收银台）</translation>
    </message>
    <message>
      <source>Only</source>
      <translation>仅限</translation>
    </message>
    <message>
      <source>Output</source>
      <translation>输出</translation>
    </message>
    <message>
      <source>Referrer</source>
      <translation>推荐人</translation>
    </message>
    <message>
      <source>Refused</source>
      <translation>拒绝原因</translation>
    </message>
    <message>
      <source>Return window (days)</source>
      <translation>退货期限（天）</translation>
    </message>
    <message>
      <source>Rows</source>
      <translation>行数</translation>
    </message>
    <message>
      <source>Sale</source>
      <translation>销售</translation>
    </message>
    <message>
      <source>Signals</source>
      <translation>信号</translation>
    </message>
    <message>
      <source>Since</source>
      <translation>起始</translation>
    </message>
    <message>
      <source>Skipped (no consent)</source>
      <translation>跳过（未同意营销）</translation>
    </message>
    <message>
      <source>Sold on</source>
      <translation>售出日期</translation>
    </message>
    <message>
      <source>Staff id</source>
      <translation>员工编号</translation>
    </message>
    <message>
      <source>Till</source>
      <translation>收银台</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>标题</translation>
    </message>
    <message>
      <source>Until</source>
      <translation>截至</translation>
    </message>
    <message>
      <source>Why</source>
      <translation>原因</translation>
    </message>
    <message>
      <source>self-referral</source>
      <translation>自我推荐</translation>
    </message>
    <message>
      <source>{0}: {1} → {2}</source>
      <translation>{0}：{1} → {2}</translation>
    </message>
    <message>
      <source>Cannot import {0}: {1}</source>
      <translation>无法导入 {0}：{1}</translation>
    </message>
    <message>
      <source>not valid TOML: a mistake at line {0}, column {1} (check the quotes, the = signs and the [brackets] there).</source>
      <translation>不是有效的 TOML：第 {0} 行第 {1} 列有误（请检查该处的引号、等号和方括号）。</translation>
    </message>
    <message>
      <source>not valid TOML: a mistake at the end of the file (a value missing, or a setting given twice).</source>
      <translation>不是有效的 TOML：文件末尾有误（缺少值，或某项设置重复）。</translation>
    </message>
    <message>
      <source>{0}: unknown setting (did you mean {1}?)</source>
      <translation>{0}：没有这项设置（是否想写 {1}？）</translation>
    </message>
    <message>
      <source>{0}: unknown setting</source>
      <translation>{0}：没有这项设置</translation>
    </message>
    <message>
      <source>Campaign {0} {1}: the {2} days after it started</source>
      <translation>活动 {0} {1}：开始后 {2} 天</translation>
    </message>
    <message>
      <source>Evaluated</source>
      <translation>已评估</translation>
    </message>
    <message>
      <source>Downgraded</source>
      <translation>已降级</translation>
    </message>
    <message>
      <source>In grace</source>
      <translation>宽限期内</translation>
    </message>
    <message>
      <source>Products due</source>
      <translation>到期商品</translation>
    </message>
    <message>
      <source>Issued before</source>
      <translation>此前已发</translation>
    </message>
    <message>
      <source>Error</source>
      <translation>错误</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>信息</translation>
    </message>
    <message>
      <source>, </source>
      <translation>，</translation>
    </message>
  </context>
</TS>
