/**
 * Schedules (org.wfe.api.schedule.Schedules): the fire times of each schedule ({@link org.wfe.schedules.impl.FireTimes},
 * Quartz's CronExpression for cron), the one ticking thread that claims due fires in the store and starts
 * their actions ({@link org.wfe.schedules.impl.Scheduler}), and the service that validates, stores and audits
 * changes ({@link org.wfe.schedules.impl.SchedulesComponent}).
 */
package org.wfe.schedules.impl;
