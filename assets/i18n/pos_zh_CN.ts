<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>pos</name>
    <message>
      <source>Look up</source>
      <translation>查会员</translation>
    </message>
    <message>
      <source>Enrol</source>
      <translation>入会</translation>
    </message>
    <message>
      <source>Find item</source>
      <translation>查商品</translation>
    </message>
    <message>
      <source>Coupon</source>
      <translation>优惠券</translation>
    </message>
    <message>
      <source>Points</source>
      <translation>积分</translation>
    </message>
    <message>
      <source>Use maximum points</source>
      <translation>用最多积分</translation>
    </message>
    <message>
      <source>Open item</source>
      <translation>手输商品</translation>
    </message>
    <message>
      <source>Clear</source>
      <translation>清空</translation>
    </message>
    <message>
      <source>Pay</source>
      <translation>收款</translation>
    </message>
    <message>
      <source>Return</source>
      <translation>退货</translation>
    </message>
    <message>
      <source>中文 / English</source>
      <translation>中文 / English</translation>
    </message>
    <message>
      <source>Manager</source>
      <translation>店长</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>退出</translation>
    </message>
    <message>
      <source>Remove line</source>
      <translation>删除行</translation>
    </message>
    <message>
      <source>Qty −1</source>
      <translation>数量 −1</translation>
    </message>
    <message>
      <source>Qty +1</source>
      <translation>数量 +1</translation>
    </message>
    <message>
      <source>Reward for points</source>
      <translation>积分兑换</translation>
    </message>
    <message>
      <source>Subtotal</source>
      <translation>商品合计</translation>
    </message>
    <message>
      <source>Tier discount</source>
      <translation>会员折扣</translation>
    </message>
    <message>
      <source>Customer display</source>
      <translation>顾客显示屏</translation>
    </message>
    <message>
      <source>Not a member yet? Scan to join</source>
      <translation>还不是会员？扫码加入</translation>
    </message>
    <message>
      <source>Welcome! Your items appear here.</source>
      <translation>欢迎光临！您的商品将显示在这里。</translation>
    </message>
    <message>
      <source>Amount due</source>
      <translation>应付</translation>
    </message>
    <message>
      <source>Thank you!</source>
      <translation>谢谢惠顾！</translation>
    </message>
    <message>
      <source>Welcome</source>
      <translation>欢迎光临</translation>
    </message>
    <message>
      <source>Member</source>
      <translation>会员</translation>
    </message>
    <message>
      <source>See you again soon.</source>
      <translation>欢迎再次光临。</translation>
    </message>
    <message>
      <source>Join our membership next time to earn points.</source>
      <translation>下次加入会员即可累积积分。</translation>
    </message>
    <message>
      <source>Card complete: your next one is free!</source>
      <translation>集满啦：下一件免费！</translation>
    </message>
    <message>
      <source>Points: {0}</source>
      <translation>积分：{0}</translation>
    </message>
    <message>
      <source>{0}: {1}</source>
      <translation>{0}：{1}</translation>
    </message>
    <message>
      <source>Paid {0}</source>
      <translation>实付 {0}</translation>
    </message>
    <message>
      <source>Change {0}</source>
      <translation>找零 {0}</translation>
    </message>
    <message>
      <source>Points ({0} pts)</source>
      <translation>积分抵扣（{0} 分）</translation>
    </message>
    <message>
      <source>Points earned: {0}</source>
      <translation>本次获得积分：{0}</translation>
    </message>
    <message>
      <source>Points balance: {0}</source>
      <translation>积分余额：{0}</translation>
    </message>
    <message>
      <source>Upgraded to {0}!</source>
      <translation>恭喜升级为{0}！</translation>
    </message>
    <message>
      <source>Enrol a member</source>
      <translation>会员入会</translation>
    </message>
    <message>
      <source>Agrees to receive offers (marketing consent)</source>
      <translation>同意接收优惠信息（营销授权）</translation>
    </message>
    <message>
      <source>Enrol  Enter</source>
      <translation>入会  Enter</translation>
    </message>
    <message>
      <source>Close  Esc</source>
      <translation>关闭  Esc</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>手机号</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <source>Birthday</source>
      <translation>生日</translation>
    </message>
    <message>
      <source>Referral code</source>
      <translation>推荐码</translation>
    </message>
    <message>
      <source>Done  Enter</source>
      <translation>完成  Enter</translation>
    </message>
    <message>
      <source>optional: type it or scan the referrer's card or receipt</source>
      <translation>选填：输入或扫描推荐人的会员卡或小票</translation>
    </message>
    <message>
      <source>Welcome! Member {0} enrolled. Show this QR at the till.</source>
      <translation>欢迎！会员 {0} 入会成功，结账时出示此二维码。</translation>
    </message>
    <message>
      <source>Find a product</source>
      <translation>查找商品</translation>
    </message>
    <message>
      <source>Discounts apply</source>
      <translation>参与折扣</translation>
    </message>
    <message>
      <source>Item name</source>
      <translation>商品名称</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>价格</translation>
    </message>
    <message>
      <source>Name, SKU or barcode</source>
      <translation>名称、货号或条码</translation>
    </message>
    <message>
      <source>Give the item a name.</source>
      <translation>请填写商品名称。</translation>
    </message>
    <message>
      <source>price</source>
      <translation>价格</translation>
    </message>
    <message>
      <source>Payment</source>
      <translation>收款</translation>
    </message>
    <message>
      <source>Confirm payment  Enter</source>
      <translation>确认收款  Enter</translation>
    </message>
    <message>
      <source>Split: keep this part  F9</source>
      <translation>分笔付款：记下这一笔  F9</translation>
    </message>
    <message>
      <source>Back  Esc</source>
      <translation>返回  Esc</translation>
    </message>
    <message>
      <source>Cash tendered</source>
      <translation>实收现金</translation>
    </message>
    <message>
      <source>Amount (empty: all that is left)</source>
      <translation>金额（留空：付清剩余）</translation>
    </message>
    <message>
      <source>Still to pay</source>
      <translation>还需支付</translation>
    </message>
    <message>
      <source>The card or mobile payment is more than the amount due.</source>
      <translation>刷卡或移动支付金额超过应付金额。</translation>
    </message>
    <message>
      <source>cash tendered</source>
      <translation>实收现金</translation>
    </message>
    <message>
      <source>Not paid: these points need a manager's PIN. Ask a manager, or lower the points (Esc, then F5).</source>
      <translation>未收款：抵扣这么多积分需要店长密码。请店长输入，或减少积分（Esc 后按 F5）。</translation>
    </message>
    <message>
      <source>Exact {0}</source>
      <translation>正好 {0}</translation>
    </message>
    <message>
      <source>Parts kept: {0}</source>
      <translation>已记分笔：{0}</translation>
    </message>
    <message>
      <source>Change: {0}</source>
      <translation>找零：{0}</translation>
    </message>
    <message>
      <source>Use {0} pts = {1}</source>
      <translation>用 {0} 积分 = {1}</translation>
    </message>
    <message>
      <source>Redeeming more than {0} points needs a manager PIN at Pay.</source>
      <translation>抵扣超过 {0} 积分，收款时需要店长密码。</translation>
    </message>
    <message>
      <source>Type the part paid this way (less than {0}), then F9.</source>
      <translation>输入用此方式支付的金额（少于 {0}），再按 F9。</translation>
    </message>
    <message>
      <source>Manager approval</source>
      <translation>店长授权</translation>
    </message>
    <message>
      <source>OK  Enter</source>
      <translation>确定  Enter</translation>
    </message>
    <message>
      <source>Cancel  Esc</source>
      <translation>取消  Esc</translation>
    </message>
    <message>
      <source>Manager PIN:</source>
      <translation>店长密码：</translation>
    </message>
    <message>
      <source>Item</source>
      <translation>商品</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>实付</translation>
    </message>
    <message>
      <source>Sold</source>
      <translation>已售</translation>
    </message>
    <message>
      <source>Returned</source>
      <translation>已退</translation>
    </message>
    <message>
      <source>Return now</source>
      <translation>本次退</translation>
    </message>
    <message>
      <source>Next-visit coupon</source>
      <translation>回头券</translation>
    </message>
    <message>
      <source>Welcome coupon</source>
      <translation>入会券</translation>
    </message>
    <message>
      <source>The referrer's reward</source>
      <translation>推荐人奖励</translation>
    </message>
    <message>
      <source>Stamp card reward</source>
      <translation>集点卡奖励</translation>
    </message>
    <message>
      <source>Points reward</source>
      <translation>积分兑换</translation>
    </message>
    <message>
      <source>Bonus points</source>
      <translation>奖励积分</translation>
    </message>
    <message>
      <source>Stamp card</source>
      <translation>集点卡</translation>
    </message>
    <message>
      <source>Open  Enter</source>
      <translation>打开  Enter</translation>
    </message>
    <message>
      <source>Confirm return  F9</source>
      <translation>确认退货  F9</translation>
    </message>
    <message>
      <source>Receipt number (scan or type)</source>
      <translation>小票号（扫码或输入）</translation>
    </message>
    <message>
      <source>Paid with: {0}</source>
      <translation>原支付方式：{0}</translation>
    </message>
    <message>
      <source>Choose how many of which item to return.</source>
      <translation>请选择要退的商品和数量。</translation>
    </message>
    <message>
      <source>This refund needs a manager PIN.</source>
      <translation>此退款需要店长密码。</translation>
    </message>
    <message>
      <source>Return {0} booked: {1} back to the customer; {2} points taken back from the member, {3} points given back.</source>
      <translation>退货 {0} 已完成：退给顾客 {1}；从会员扣回本单所得积分 {2}，退还本单所用积分 {3}。</translation>
    </message>
    <message>
      <source>This sale is from {0}, {1} days ago; returns are taken within {2} days. A manager may approve a late return.</source>
      <translation>这笔销售是 {0} 的，已过 {1} 天；退货期限为 {2} 天。店长可批准逾期退货。</translation>
    </message>
    <message>
      <source>Money back to the customer: {0}</source>
      <translation>退给顾客：{0}</translation>
    </message>
    <message>
      <source>Not returned: this refund needs a manager's PIN.</source>
      <translation>未退货：此退款需要店长密码。</translation>
    </message>
    <message>
      <source>Refunded before: {0}</source>
      <translation>此前已退：{0}</translation>
    </message>
    <message>
      <source>Points taken back from the member (earned on this sale): {0}</source>
      <translation>从会员扣回积分（本单所得）：{0}</translation>
    </message>
    <message>
      <source>Points given back to the member (spent on this sale): {0}</source>
      <translation>退还会员积分（本单所用）：{0}</translation>
    </message>
    <message>
      <source>{0} points earned on this sale were already spent and could not be taken back.</source>
      <translation>本单所得积分中有 {0} 分已被使用，无法扣回。</translation>
    </message>
    <message>
      <source>{0}: voided (no longer usable).</source>
      <translation>{0}：已作废（不可再用）。</translation>
    </message>
    <message>
      <source>{0}: {1} points taken back.</source>
      <translation>{0}：扣回 {1} 积分。</translation>
    </message>
    <message>
      <source>{0}: {1} points given back.</source>
      <translation>{0}：退还 {1} 积分。</translation>
    </message>
    <message>
      <source>{0}: {1} stamps taken off the card.</source>
      <translation>{0}：扣回 {1} 个集点。</translation>
    </message>
    <message>
      <source>Rewards for points</source>
      <translation>积分兑换</translation>
    </message>
    <message>
      <source>The member has {0} points. Enter takes the reward; its points are redeemed at payment.</source>
      <translation>会员有 {0} 积分。按 Enter 选择礼品，付款时扣除积分。</translation>
    </message>
    <message>
      <source>{0} — {1} points — {2} in stock</source>
      <translation>{0} — {1} 积分 — 库存 {2}</translation>
    </message>
    <message>
      <source>not available</source>
      <translation>不可兑换</translation>
    </message>
    <message>
      <source>Sale complete</source>
      <translation>交易完成</translation>
    </message>
    <message>
      <source>Show receipt  R</source>
      <translation>查看小票  R</translation>
    </message>
    <message>
      <source>Next customer  Enter</source>
      <translation>下一位顾客  Enter</translation>
    </message>
    <message>
      <source>Code</source>
      <translation>券号</translation>
    </message>
    <message>
      <source>Receipt {0} — paid {1}</source>
      <translation>小票 {0} — 实付 {1}</translation>
    </message>
    <message>
      <source>Points earned: +{0}   Balance: {1}</source>
      <translation>本次积分：+{0}   积分余额：{1}</translation>
    </message>
    <message>
      <source>valid {0} to {1}</source>
      <translation>有效期 {0} 至 {1}</translation>
    </message>
    <message>
      <source>Bonus points: +{0} ({1})</source>
      <translation>额外积分：+{0}（{1}）</translation>
    </message>
    <message>
      <source>Referrer rewarded: {0} ({1})</source>
      <translation>推荐人获奖励：{0}（{1}）</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>退出程序</translation>
    </message>
    <message>
      <source>Quit the till program?</source>
      <translation>退出收银程序？</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <source>Staff PIN:</source>
      <translation>员工密码：</translation>
    </message>
    <message>
      <source>Quit  Esc</source>
      <translation>退出程序  Esc</translation>
    </message>
    <message>
      <source>Sleeping</source>
      <translation>沉睡</translation>
    </message>
    <message>
      <source>High-potential new</source>
      <translation>高潜新客</translation>
    </message>
    <message>
      <source>Stable</source>
      <translation>稳定复购</translation>
    </message>
    <message>
      <source>Whale</source>
      <translation>大客户</translation>
    </message>
    <message>
      <source>Price-sensitive</source>
      <translation>价格敏感</translation>
    </message>
    <message>
      <source>At risk</source>
      <translation>流失预警</translation>
    </message>
    <message>
      <source>Win-back</source>
      <translation>召回</translation>
    </message>
    <message>
      <source>Points expiry</source>
      <translation>积分过期</translation>
    </message>
    <message>
      <source>Tier evaluation</source>
      <translation>等级评估</translation>
    </message>
    <message>
      <source>Segments and behaviour groups</source>
      <translation>分群与行为分组</translation>
    </message>
    <message>
      <source>Replenishment due list</source>
      <translation>补货提醒名单</translation>
    </message>
    <message>
      <source>Automatic churn offers</source>
      <translation>自动召回优惠</translation>
    </message>
    <message>
      <source>Not a member</source>
      <translation>非会员</translation>
    </message>
    <message>
      <source>Record that this member consents to marketing messages and campaign coupons?</source>
      <translation>记录该会员同意接收营销信息和活动优惠券？</translation>
    </message>
    <message>
      <source>Withdraw this member's marketing consent? They will get no more campaign coupons.</source>
      <translation>撤回该会员的营销同意？此后不再向其发放活动优惠券。</translation>
    </message>
    <message>
      <source>Marketing consent</source>
      <translation>营销同意</translation>
    </message>
    <message>
      <source>Phone number or scan member QR  (F1)</source>
      <translation>输入手机号或扫会员码  (F1)</translation>
    </message>
    <message>
      <source>Scan a barcode or type a SKU, Enter</source>
      <translation>扫条码或输入货号，回车</translation>
    </message>
    <message>
      <source>A sale is open ({0} lines). Sign out and clear it?</source>
      <translation>当前有未结账的交易（{0} 行）。确定签退并清空？</translation>
    </message>
    <message>
      <source>Marketing consent recorded.</source>
      <translation>已记录营销同意。</translation>
    </message>
    <message>
      <source>Marketing consent withdrawn.</source>
      <translation>已撤回营销同意。</translation>
    </message>
    <message>
      <source>Look the member up first.</source>
      <translation>请先查询会员。</translation>
    </message>
    <message>
      <source>{0} is not a member yet. Enrol now?</source>
      <translation>{0} 还不是会员，现在入会吗？</translation>
    </message>
    <message>
      <source>Loyalty terminal</source>
      <translation>会员收银终端</translation>
    </message>
    <message>
      <source>The cart is empty.</source>
      <translation>购物车是空的。</translation>
    </message>
    <message>
      <source>The totals are not ready yet.</source>
      <translation>金额还在计算中。</translation>
    </message>
    <message>
      <source>working…</source>
      <translation>处理中…</translation>
    </message>
    <message>
      <source>Cashier: {0}</source>
      <translation>收银员：{0}</translation>
    </message>
    <message>
      <source>{0} is not a member yet.</source>
      <translation>{0} 还不是会员。</translation>
    </message>
    <message>
      <source>Reward {0} ({1} points) is taken when the sale is paid.</source>
      <translation>兑换 {0}（{1} 积分）将在付款时扣除。</translation>
    </message>
    <message>
      <source>The sale is saved. Printing failed: {0} — reprint later.</source>
      <translation>交易已保存。小票打印失败：{0} — 请稍后补打。</translation>
    </message>
    <message>
      <source>Receipt {0} printed.</source>
      <translation>小票 {0} 已打印。</translation>
    </message>
    <message>
      <source>The sale is saved. {0}</source>
      <translation>交易已保存。{0}</translation>
    </message>
    <message>
      <source>The manager console is not installed on this till ({0}).</source>
      <translation>本机未安装店长后台（{0}）。</translation>
    </message>
    <message>
      <source>This coupon has expired.</source>
      <translation>优惠券已过期。</translation>
    </message>
    <message>
      <source>This coupon is not valid yet.</source>
      <translation>优惠券尚未生效。</translation>
    </message>
    <message>
      <source>This coupon has already been used.</source>
      <translation>优惠券已被使用。</translation>
    </message>
    <message>
      <source>The amount does not reach this coupon's threshold.</source>
      <translation>未达到优惠券使用门槛。</translation>
    </message>
    <message>
      <source>This coupon gives one free item: the sale has no item it can take.</source>
      <translation>此券可免费兑一件商品，但本单没有可用的商品。</translation>
    </message>
    <message>
      <source>This coupon cannot be used by this customer.</source>
      <translation>该顾客不能使用此优惠券。</translation>
    </message>
    <message>
      <source>Unknown coupon code.</source>
      <translation>无效的优惠券码。</translation>
    </message>
    <message>
      <source>The member does not have enough points.</source>
      <translation>会员积分不足。</translation>
    </message>
    <message>
      <source>Points are redeemed in whole steps only (see the step of the points box).</source>
      <translation>积分须按整档抵扣（见积分框的步长）。</translation>
    </message>
    <message>
      <source>Too few points to redeem at once.</source>
      <translation>抵扣积分低于最低数量。</translation>
    </message>
    <message>
      <source>Points may pay at most half of the amount due.</source>
      <translation>积分最多抵扣应付金额的一半。</translation>
    </message>
    <message>
      <source>That number of points is not allowed.</source>
      <translation>积分数量无效。</translation>
    </message>
    <message>
      <source>No member with this phone number.</source>
      <translation>该手机号不是会员。</translation>
    </message>
    <message>
      <source>This is not a valid mobile phone number.</source>
      <translation>手机号无效。</translation>
    </message>
    <message>
      <source>This phone number is already a member.</source>
      <translation>该手机号已是会员。</translation>
    </message>
    <message>
      <source>This QR code is not a valid member card of this store.</source>
      <translation>该二维码不是本店有效的会员码。</translation>
    </message>
    <message>
      <source>No member has this referral code.</source>
      <translation>推荐码不存在。</translation>
    </message>
    <message>
      <source>A member cannot refer themselves: enrol without the referral code.</source>
      <translation>会员不能推荐自己：请不填推荐码入会。</translation>
    </message>
    <message>
      <source>This referral code has had all its rewards this month: enrol without it.</source>
      <translation>该推荐码本月奖励已满：请不填推荐码入会。</translation>
    </message>
    <message>
      <source>This reward is not in the catalogue.</source>
      <translation>兑换目录中没有这个礼品。</translation>
    </message>
    <message>
      <source>This reward is out of stock.</source>
      <translation>该礼品已无库存。</translation>
    </message>
    <message>
      <source>Birthday must be MM-DD, e.g. 03-15.</source>
      <translation>生日格式为 月-日，例如 03-15。</translation>
    </message>
    <message>
      <source>The name is too long.</source>
      <translation>姓名太长。</translation>
    </message>
    <message>
      <source>No product with this SKU or barcode.</source>
      <translation>没有该货号或条码的商品。</translation>
    </message>
    <message>
      <source>That quantity is not allowed.</source>
      <translation>数量无效。</translation>
    </message>
    <message>
      <source>That is not an amount of money.</source>
      <translation>金额无效。</translation>
    </message>
    <message>
      <source>No sale with this receipt number.</source>
      <translation>没有该小票号的交易。</translation>
    </message>
    <message>
      <source>More than was sold cannot be returned.</source>
      <translation>退货数量不能超过购买数量。</translation>
    </message>
    <message>
      <source>This sale is past the return window: a manager must approve the return.</source>
      <translation>这笔销售已超过退货期限，需店长批准退货。</translation>
    </message>
    <message>
      <source>This sale was already booked with another cart or payment. Start a new sale.</source>
      <translation>这笔交易已按不同的商品或付款入账，请开始新的交易。</translation>
    </message>
    <message>
      <source>The payment does not cover the amount due.</source>
      <translation>付款金额不足。</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>密码错误。</translation>
    </message>
    <message>
      <source>A PIN is 4 to 12 digits.</source>
      <translation>密码为 4 到 12 位数字。</translation>
    </message>
    <message>
      <source>Too many wrong PINs: this account is locked for a while.</source>
      <translation>密码错误次数过多，账号暂时锁定。</translation>
    </message>
    <message>
      <source>This needs a manager PIN.</source>
      <translation>需要店长密码授权。</translation>
    </message>
    <message>
      <source>This is for managers only.</source>
      <translation>仅限店长操作。</translation>
    </message>
    <message>
      <source>The database is busy (another till is writing); please try again.</source>
      <translation>数据库忙（其他收银台正在写入），请重试。</translation>
    </message>
    <message>
      <source>The database cannot be reached. The sale was not saved; call the manager.</source>
      <translation>无法连接数据库，交易未保存，请联系店长。</translation>
    </message>
    <message>
      <source>The disk of the database is full. The sale was not saved; call the manager.</source>
      <translation>数据库磁盘已满，交易未保存，请联系店长。</translation>
    </message>
    <message>
      <source>The receipt printer is not available.</source>
      <translation>小票打印机不可用。</translation>
    </message>
    <message>
      <source>This is not available offline: the till cannot reach the server.</source>
      <translation>离线时不可用：收银机连不上服务器。</translation>
    </message>
    <message>
      <source>Offline, this member cannot redeem that many points today at this till.</source>
      <translation>离线时，该会员今天在本收银机不能抵扣这么多积分。</translation>
    </message>
    <message>
      <source>Offline, only a coupon the till's cache shows unused can be taken.</source>
      <translation>离线时，只能使用本机缓存中显示未使用的优惠券。</translation>
    </message>
    <message>
      <source>The Chinese font for printing is missing.</source>
      <translation>缺少打印用的中文字体。</translation>
    </message>
    <message>
      <source>Something went wrong in the program (ref {0}). It is logged; please tell the manager.</source>
      <translation>程序出错（编号 {0}），已记入日志，请告知店长。</translation>
    </message>
    <message>
      <source>Qty</source>
      <translation>数量</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>金额</translation>
    </message>
    <message>
      <source>Birthday month</source>
      <translation>生日月</translation>
    </message>
    <message>
      <source>Walk-in customer</source>
      <translation>散客</translation>
    </message>
    <message>
      <source>Scan the member QR or type a phone number (F1)</source>
      <translation>扫会员码或输入手机号 (F1)</translation>
    </message>
    <message>
      <source>Marketing: consented</source>
      <translation>营销：已同意</translation>
    </message>
    <message>
      <source>Marketing: no consent</source>
      <translation>营销：未同意</translation>
    </message>
    <message>
      <source>Withdraw consent</source>
      <translation>撤回同意</translation>
    </message>
    <message>
      <source>Record consent</source>
      <translation>记录同意</translation>
    </message>
    <message>
      <source>Referral code: {0}</source>
      <translation>推荐码：{0}</translation>
    </message>
    <message>
      <source>Coupons ({0}) — click to apply</source>
      <translation>优惠券（{0}张）— 点击使用</translation>
    </message>
    <message>
      <source>{0} · {1} days ago</source>
      <translation>{0} · {1} 天前</translation>
    </message>
    <message>
      <source>Due to buy again: {0}</source>
      <translation>该补货了：{0}</translation>
    </message>
    <message>
      <source>{0} points expire by {1}</source>
      <translation>{0} 积分将于 {1} 过期</translation>
    </message>
    <message>
      <source>until</source>
      <translation>有效期至</translation>
    </message>
    <message>
      <source>OFFLINE — the server cannot be reached. Selling goes on; {0} sale(s) queued, synced by themselves when it is back.</source>
      <translation>离线 — 无法连接服务器。可继续收银；{0} 笔销售待同步，恢复连接后自动同步。</translation>
    </message>
    <message>
      <source>Coupon F4</source>
      <translation>优惠券 F4</translation>
    </message>
    <message>
      <source>Code or scan</source>
      <translation>输入或扫码</translation>
    </message>
    <message>
      <source>Remove</source>
      <translation>移除</translation>
    </message>
    <message>
      <source>Points F5</source>
      <translation>积分 F5</translation>
    </message>
    <message>
      <source>pts</source>
      <translation>分</translation>
    </message>
    <message>
      <source>max {0}</source>
      <translation>最多 {0}</translation>
    </message>
  </context>
</TS>
